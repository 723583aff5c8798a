import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DatasetError } from "../../src/backend/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { openDefaultDependencies } from "../../src/graph/defaults.js";
import { ChromaUnavailableError } from "../../src/memory/chroma-connection.js";

/**
 * Starting on broken ground: Chroma unreachable, a dataset or state file that is
 * corrupt or half-written. One clear message, no stack trace, and no file is
 * overwritten.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DATASET = path.join(ROOT, "data", "telecom", "dataset.json");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "startup-faults-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function chat(env: Record<string, string>): Promise<{ code: number | null; stderr: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/chat.ts"], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, CHECKPOINT_DB: path.join(dir, `${randomUUID()}.sqlite`), TELECOM_STATE_DIR: path.join(dir, "state"), ...env },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr: stderr.split("\n").filter((line) => line.trim()) }));
    child.stdin.end("my phone has no service\n");
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};
const validDataset = fs.readFileSync(DATASET, "utf8");

describe("Chroma unreachable at start", () => {
  it("the chat script says so in one line and exits with 1", async () => {
    const run = await chat({ CHROMA_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(/^error: Chroma does not answer at http:\/\/127\.0\.0\.1:\d+ .*CHROMA_URL/);
  });

  it("openDefaultDependencies rejects with ChromaUnavailableError", async () => {
    const settings = loadSettings({}, { chroma: { url: `http://127.0.0.1:${await closedPort()}` } });
    await expect(openDefaultDependencies(settings)).rejects.toThrow(ChromaUnavailableError);
  });
});

describe("a corrupt or half-written dataset or state file", () => {
  const settings = loadSettings({}, { chroma: { url: inject("chromaUrl"), collectionPrefix: `startup_${randomUUID().slice(0, 8)}` } });

  const files: { name: string; file: () => { datasetPath?: string; statePath?: string }; message: RegExp }[] = [
    { name: "half-written dataset", file: () => ({ datasetPath: write("half.json", validDataset.slice(0, validDataset.length / 2)) }), message: /not valid JSON/ },
    { name: "empty dataset", file: () => ({ datasetPath: write("empty.json", "") }), message: /not valid JSON/ },
    { name: "dataset of the wrong shape", file: () => ({ datasetPath: write("shape.json", JSON.stringify({ customers: "none" })) }), message: /problem/ },
    { name: "missing dataset", file: () => ({ datasetPath: path.join(dir, "absent.json") }), message: /file not found/ },
    {
      name: "dataset with a line of an unknown customer",
      file: () => {
        const data = JSON.parse(validDataset);
        data.lines[0].customerId = "C-9999";
        return { datasetPath: write("orphan.json", JSON.stringify(data)) };
      },
      message: /C-9999/,
    },
    { name: "half-written state file", file: () => ({ statePath: write("state/half.state.json", '{"format":1,"datasetSha256":"ab') }), message: /corrupt or half-written.*backend:reset/ },
    { name: "state file of another shape", file: () => ({ statePath: write("state/shape.state.json", "[]") }), message: /not valid.*backend:reset/ },
  ];

  it.each(files)("$name: a clear DatasetError naming the file, and the file is left as it was", async ({ file, message }) => {
    const paths = file();
    const target = paths.datasetPath ?? paths.statePath!;
    const before = fs.existsSync(target) ? fs.readFileSync(target) : undefined;
    const error = await openDefaultDependencies(settings, { ...paths, auditPath: path.join(dir, "state", "audit.jsonl") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toContain(path.basename(target));
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/\n\s+at /);
    if (before) expect(fs.readFileSync(target).equals(before)).toBe(true);
    else expect(fs.existsSync(target)).toBe(false);
  });

  it("an audit log cut by a crash is read past, kept as it was, and appended to", async () => {
    const auditPath = write("state/cut.audit.jsonl", '{"id":"1","at":"2026-01-01T00:00:00.000Z","threadId":"t","customerId":null,"action":"findCus');
    const deps = await openDefaultDependencies(settings, { statePath: path.join(dir, "state", "cut.state.json"), auditPath });
    try {
      await deps.backend.findCustomerByPhone({ threadId: "after-crash" }, { phoneNumber: "555 010 0001" });
      const result = await deps.backend.queryAudit({});
      expect(result.skippedLines).toBe(1);
      expect(result.entries.map((e) => e.threadId)).toEqual(["after-crash"]);
      expect(fs.readFileSync(auditPath, "utf8")).toMatch(/^\{"id":"1".*findCus/);
    } finally {
      deps.close();
    }
  });

  it("the chat script prints the dataset problem as a known error, without a stack, and exits with 1", async () => {
    const datasetPath = write("chat-half.json", validDataset.slice(0, 1000));
    const run = await chat({ CHROMA_URL: inject("chromaUrl"), CHROMA_COLLECTION_PREFIX: settings.chroma.collectionPrefix, TELECOM_DATASET: datasetPath });
    expect(run.code).toBe(1);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(/^error: .*chat-half\.json.*not valid JSON/);
    expect(run.stderr.join("\n")).not.toMatch(/^\s+at /m);
    expect(fs.readFileSync(datasetPath, "utf8")).toBe(validDataset.slice(0, 1000));
  });
});
