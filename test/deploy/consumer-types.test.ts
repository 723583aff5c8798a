import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/**
 * A service that embeds the package: its own folder, its own strict tsconfig (as @tsconfig/node22 sets it up; none of this repository's settings
 * or ambient files), and the package linked into its node_modules as npm would for a file: or git dependency.
 */
const ROOT = process.cwd();
const consumer = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));

afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

const SERVICE = `import { MemorySaver } from "@langchain/langgraph";
import { createSupportGraph, openDefaultDependencies, SupportState, type SupportStateValue } from "telecom-support-graph";

export async function answer(threadId: string, text: string): Promise<string> {
  const deps = await openDefaultDependencies();
  try {
    const graph = createSupportGraph(deps, { checkpointer: new MemorySaver() });
    const result: SupportStateValue = await graph.invoke({ messages: [{ role: "user", content: text }] }, { configurable: { thread_id: threadId } });
    return result.reply ?? "";
  } finally {
    deps.close();
  }
}
export const stateSchema = SupportState;
`;

describe("a service embedding the package with its own strict tsconfig", () => {
  it("type-checks against the package entry with no error (jstat's types included)", async () => {
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "support-service", private: true, type: "module" }));
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", lib: ["ES2024"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"], typeRoots: [path.join(ROOT, "node_modules", "@types")] },
        files: ["service.ts"],
      }),
    );
    fs.writeFileSync(path.join(consumer, "service.ts"), SERVICE);
    fs.mkdirSync(path.join(consumer, "node_modules", "@langchain"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(consumer, "node_modules", "telecom-support-graph"));
    fs.symlinkSync(path.join(ROOT, "node_modules", "@langchain", "langgraph"), path.join(consumer, "node_modules", "@langchain", "langgraph"));

    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", consumer], { cwd: consumer }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
