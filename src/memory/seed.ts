import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { Procedure, type PromptSection, type Role } from "./schemas.js";
import type { Memory } from "./index.js";
import { ingestKnowledge, type IngestSummary } from "./ingest.js";

export interface SeedSources {
  knowledgeDir: string;
  proceduresDir: string;
  prompts: Record<Role, PromptSection[]>;
}

export interface SeedReport {
  knowledge?: IngestSummary;
  procedures: number;
  prompts: Role[];
}

/**
 * Fills an empty store on first run: the knowledge base, the diagnostic procedures
 * and version 1 of every role prompt. Anything already there is left alone.
 */
export async function seedEmptyMemory(memory: Memory, sources: SeedSources): Promise<SeedReport> {
  const report: SeedReport = { procedures: 0, prompts: [] };
  if ((await memory.semantic.count()) === 0) {
    report.knowledge = await ingestKnowledge(memory.semantic, [sources.knowledgeDir]);
  }
  if ((await memory.procedural.counts()).procedureSymptoms === 0) {
    const procedures = await loadProcedures(sources.proceduresDir);
    await memory.procedural.saveProcedures(procedures);
    report.procedures = procedures.length;
  }
  for (const [role, sections] of Object.entries(sources.prompts) as [Role, PromptSection[]][]) {
    if (await memory.procedural.activePrompt(role)) continue;
    if ((await memory.procedural.promptVersions(role)).length > 0) continue; // versions exist, none active: a human pinned that
    await memory.procedural.addPromptVersion({ role, status: "active", parent: null, reason: "default prompt", sections });
    report.prompts.push(role);
  }
  return report;
}

/** Reads and validates every procedure file in a folder; a bad file fails with its name and the problem. */
export async function loadProcedures(dir: string): Promise<Procedure[]> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const procedures: Procedure[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, "utf8"));
    } catch (error) {
      throw new Error(`Procedure file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = Procedure.safeParse(json);
    if (!parsed.success) {
      throw new Error(`Procedure file ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
    }
    procedures.push(parsed.data);
  }
  return procedures;
}
