import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedChroma } from "../../src/memory/chroma-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    chromaUrl: string;
  }
}

/** One real Chroma server for the whole run, on a temporary folder and a free port. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "telecom-test-chroma-"));
  const chroma = await startEmbeddedChroma({ dataDir, startTimeoutMs: 60_000 });
  project.provide("chromaUrl", chroma.url);
  return () => {
    chroma.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
