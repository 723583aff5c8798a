import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";
import { startEmbeddedChroma } from "../../src/memory/chroma-server.js";
import { ChromaUnavailableError, connectChroma } from "../../src/memory/chroma-connection.js";
import { EmbedderMismatchError, openCollection } from "../../src/memory/collections.js";
import { loadSettings } from "../../src/config/settings.js";
import { createEmbeddings } from "../../src/embeddings/index.js";
import { testChroma } from "../helpers/memory.js";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "chroma-server-"));

function holdChromaInChild(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/hold-chroma.ts", dataDir], { stdio: ["pipe", "pipe", "inherit"] });
  const firstLine = new Promise<{ url: string; pid: number; started: boolean }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { info: firstLine, stop: async () => { child.stdin!.end(); await exited; } };
}

const answers = async (url: string) => {
  try {
    return (await fetch(`${url}/api/v2/heartbeat`)).ok;
  } catch {
    return false;
  }
};

describe("embedded Chroma server", () => {
  it("a second process on the same folder reuses the running server; the last one out stops it", async () => {
    const dir = tempDir();
    const first = await startEmbeddedChroma({ dataDir: dir });
    expect(first.started).toBe(true);
    const second = holdChromaInChild(dir);
    const info = await second.info;
    expect(info).toMatchObject({ url: first.url, pid: first.pid, started: false });

    first.release();
    expect(await answers(first.url)).toBe(true); // the child still uses it
    await second.stop();
    await expect.poll(() => answers(first.url), { timeout: 10_000 }).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the data across a restart", async () => {
    const dir = tempDir();
    const settings = loadSettings({}, { chroma: { dataDir: dir } });
    const embedder = createEmbeddings({ provider: "local" });
    const run = async (work: (c: Awaited<ReturnType<typeof connectChroma>>) => Promise<void>) => {
      const connection = await connectChroma(settings.chroma);
      try {
        await work(connection);
      } finally {
        connection.close();
      }
    };
    await run(async ({ client }) => {
      const collection = await openCollection(client, "restart_check", embedder);
      const [vector] = await embedder.embeddings.embedDocuments(["roaming abroad"]);
      await collection.add({ ids: ["a"], embeddings: [vector!], documents: ["roaming abroad"] });
    });
    await run(async ({ client, embedded }) => {
      expect(embedded?.started).toBe(true); // a new server on the same folder
      const collection = await openCollection(client, "restart_check", embedder);
      expect((await collection.get({ ids: ["a"] })).documents).toEqual(["roaming abroad"]);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says clearly when a remote Chroma is unreachable", async () => {
    const settings = loadSettings({ CHROMA_URL: "http://127.0.0.1:9" });
    const failure = connectChroma(settings.chroma);
    await expect(failure).rejects.toBeInstanceOf(ChromaUnavailableError);
    await expect(failure).rejects.toThrow(/Chroma does not answer at http:\/\/127\.0\.0\.1:9.*CHROMA_URL/);
  });

  it("refuses to open a collection with another embedder than the one it was built with", async () => {
    const connection = await testChroma();
    const local = createEmbeddings({ provider: "local" });
    await openCollection(connection.client, "mismatch_check", local);
    const other = { ...local, id: "openai:text-embedding-3-small", dimension: 1536 };
    await expect(openCollection(connection.client, "mismatch_check", other)).rejects.toThrow(EmbedderMismatchError);
    await expect(openCollection(connection.client, "mismatch_check", other)).rejects.toThrow(/built with the embedder "local/);
  });
});
