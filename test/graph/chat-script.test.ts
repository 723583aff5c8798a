import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIER } from "../helpers/tier.js";

/**
 * `npm run chat` as a user runs it with stdin piped in: its own embedded Chroma,
 * backend state and checkpoint database, all in a temporary folder. A second run
 * on the same thread goes on where the first stopped (memory across restarts).
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
let dir: string;

interface ChatRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function chat(args: string[], lines: string[], env: Record<string, string> = {}): Promise<ChatRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/chat.ts", ...args], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
      env: {
        ...process.env,
        CHROMA_URL: "",
        CHROMA_DATA_DIR: path.join(dir, "chroma"),
        TELECOM_STATE_DIR: path.join(dir, "telecom"),
        CHECKPOINT_DB: path.join(dir, "checkpoints.sqlite"),
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  });
}

/** What the script wrote to stderr, without npm's own warnings. */
const errorLines = (stderr: string) => stderr.split("\n").filter((line) => line.trim() && !line.startsWith("npm warn"));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-script-"));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run chat with stdin piped in", () => {
  let threadId = "";

  it("prints a banner and a reply per line, without prompt or colours, and exits at end of input", async () => {
    const run = await chat([], ["my phone has no service since this morning", "I am James Carter, my number is +1 555 010 0002"]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    threadId = /thread ([0-9a-f-]{36})/.exec(run.stdout)?.[1] ?? "";
    expect(threadId).not.toBe("");
    expect(run.stdout).toContain(`npm run chat -- --thread ${threadId}`);
    expect(run.stdout).not.toContain("\x1b[");
    expect(run.stdout).not.toContain("you> ");
    const lines = run.stdout.split("\n");
    expect(lines).toContain("you: my phone has no service since this morning");
    const replies = lines.filter((line) => line.startsWith("agent: "));
    expect(replies).toHaveLength(2);
    // The identity request says exactly what to give.
    expect(replies[0]).toMatch(/phone number on the account and your full name or date of birth/i);
    expect(replies[1]).toMatch(/James/);
    expect(replies[1]).toMatch(/signal bars/i);
  }, 120_000);

  it("resumes the thread after a restart: history, state and the next troubleshooting step", async () => {
    expect(threadId).not.toBe("");
    const run = await chat(["--thread", threadId], ["/state", "I have no signal bars at all", "/state", "/quit"]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("— resuming: 4 message(s) so far —");
    expect(run.stdout).toContain("you: I am James Carter, my number is +1 555 010 0002");

    const [before, after] = run.stdout.split("thread: ").slice(1);
    expect(before).toMatch(/^customer: C-1002 James \(standard tier, verified\)$/m);
    expect(before).toMatch(/^troubleshooting: mobile-no-service at check:check_status_bar \(awaiting_customer/m);
    expect(before).toMatch(/^requested actions: check_status_bar/m);
    expect(before).toMatch(/^status: open after 2 turn\(s\)$/m);
    expect(before).toMatch(/^last turn: context [\d.]+ ms.*dialogue [\d.]+ ms/m);

    // The answer moves the procedure on: the status bar was read, the next step is asked.
    expect(after).toMatch(/^status: open after 3 turn\(s\)$/m);
    // "no signal bars" reads as no service, so the first fix of that layer is asked next.
    expect(after).toMatch(/^troubleshooting: mobile-no-service at fix:airplane_mode \(awaiting_customer, connectivity\); checks diagnosis=no_service$/m);
    expect(after).toMatch(/^requested actions: airplane_mode_off/m);
    expect(after).not.toMatch(/^requested actions: check_status_bar/m);
    const replies = run.stdout.split("\n").filter((line) => line.startsWith("agent: "));
    expect(replies.length).toBeGreaterThanOrEqual(3); // two from the history, one new
  }, 120_000);

  it("answers a command it does not know, or a bad rating, with one line", async () => {
    const run = await chat([], ["/frobnicate", "/rate 7", "/human hello"]);
    expect(run.code).toBe(0);
    expect(errorLines(run.stderr)).toEqual([
      "error: unknown command /frobnicate; /help lists the commands",
      "error: usage: /rate N, where N is a whole number from 1 to 5",
      "error: this conversation is not waiting for a human agent (that happens after a hand-over)",
    ]);
  }, 120_000);

  // Full tier only: test/reliability/startup-faults.test.ts checks the chat script's start-up errors in npm test too.
  it.runIf(TIER === "full")("stops with one line and exit code 1 when a setting is wrong", async () => {
    const notAFolder = path.join(dir, "not-a-folder");
    fs.writeFileSync(notAFolder, "");
    const badDb = await chat([], ["hello"], { CHECKPOINT_DB: path.join(notAFolder, "checkpoints.sqlite") });
    expect(badDb.code).toBe(1);
    expect(errorLines(badDb.stderr)).toEqual([expect.stringMatching(/^error: cannot open the checkpoint database .*not-a-folder.*\(CHECKPOINT_DB\)/)]);

    const badDataset = await chat([], ["hello"], { TELECOM_DATASET: notAFolder });
    expect(badDataset.code).toBe(1);
    expect(errorLines(badDataset.stderr)).toEqual([expect.stringMatching(/^error: the backend dataset .*not-a-folder \(TELECOM_DATASET\) is not valid: not valid JSON/)]);
  }, 120_000);
});
