import fs from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { Alert, ScoreRecord, TurnMetric } from "./schemas.js";
import { appendCreatingFolder } from "../util/append.js";

/** The files of a monitoring folder. */
export const LOG_FILES = { turns: "turns.jsonl", scores: "scores.jsonl", alerts: "alerts.jsonl" } as const;

export interface MonitoringLogs {
  turns: TurnMetric[];
  scores: ScoreRecord[];
  alerts: Alert[];
  /** Lines that were not valid records (a torn write, a hand edit); counted, never fatal. */
  skippedLines: number;
}

/** Reads every log of a monitoring folder; missing files read as empty. */
export async function readMonitoringLogs(dir: string): Promise<MonitoringLogs> {
  const [turns, scores, alerts] = await Promise.all([
    readJsonl(path.join(dir, LOG_FILES.turns), TurnMetric),
    readJsonl(path.join(dir, LOG_FILES.scores), ScoreRecord),
    readJsonl(path.join(dir, LOG_FILES.alerts), Alert),
  ]);
  return { turns: turns.records, scores: scores.records, alerts: alerts.records, skippedLines: turns.skipped + scores.skipped + alerts.skipped };
}

export async function readJsonl<S extends z.ZodType>(file: string, schema: S): Promise<{ records: z.output<S>[]; skipped: number }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], skipped: 0 };
    throw error;
  }
  const records: z.output<S>[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else skipped += 1;
  }
  return { records, skipped };
}

/** Appends records, one JSON line each (a single append per call, so concurrent writers do not interleave lines). */
export async function appendJsonl(file: string, records: unknown[]): Promise<void> {
  if (records.length === 0) return;
  await appendCreatingFolder(file, records.map((record) => JSON.stringify(record)).join("\n") + "\n");
}
