import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The run's own temporary folder: TMPDIR points into it for the test workers and every process they start, so that
 * nothing a test forgets lands in the system temp folder. At the end whatever is left in it is named (a test that does
 * not clean up after itself) and the folder removed. First in globalSetup, so that the other setups use it too.
 */
export default function setup() {
  const systemTemp = os.tmpdir();
  const runTemp = fs.mkdtempSync(path.join(systemTemp, "telecom-tests-"));
  // Open to other users: embedded Postgres runs as the postgres user when the tests run as root.
  fs.chmodSync(runTemp, 0o755);
  process.env.TMPDIR = runTemp;
  // tsx keeps its compile cache in the temporary folder (tsx-<uid>), and so does Node 22+ once tsx turns Node's module
  // compile cache on (node-compile-cache): the scripts the tests start reuse the system ones.
  const caches = [`tsx-${process.getuid?.() ?? 0}`, "node-compile-cache"];
  for (const cache of caches) {
    fs.mkdirSync(path.join(systemTemp, cache), { recursive: true, mode: 0o700 });
    fs.symlinkSync(path.join(systemTemp, cache), path.join(runTemp, cache));
  }
  return () => {
    process.env.TMPDIR = systemTemp;
    const left = (fs.existsSync(runTemp) ? fs.readdirSync(runTemp) : []).filter((name) => !caches.includes(name));
    if (left.length > 0) console.warn(`tests left ${left.length} item(s) in the temporary folder, removed now: ${left.slice(0, 10).join(", ")}${left.length > 10 ? ", ..." : ""}`);
    fs.rmSync(runTemp, { recursive: true, force: true }); // removes the links to the caches, not the caches
  };
}
