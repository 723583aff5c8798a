import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileMonitor, monitoringSettingsFromEnv, MonitoringSettingsError, readMonitoringLogs, type TurnMetricInput } from "../../src/monitoring/index.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monitoring-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

let turnNumber = 0;
const turn = (overrides: Partial<TurnMetricInput> = {}): TurnMetricInput => ({
  at: new Date().toISOString(),
  threadId: "t-1",
  turn: ++turnNumber,
  responseMs: 40,
  ...overrides,
});

describe("thresholds raise alerts at their warning and critical levels", () => {
  it("response time: 1.5 s is a warning, 3 s critical, below 1.5 s nothing; every alert is in the alert log", async () => {
    const monitor = new FileMonitor({ dir: tempDir() });
    expect(await monitor.recordTurn(turn({ responseMs: 1_499 }))).toEqual([]);
    const warning = await monitor.recordTurn(turn({ responseMs: 1_800 }));
    expect(warning).toEqual([expect.objectContaining({ metric: "response_time", level: "warning", value: 1_800, threshold: 1_500 })]);
    const critical = await monitor.recordTurn(turn({ responseMs: 3_200 }));
    expect(critical).toEqual([expect.objectContaining({ metric: "response_time", level: "critical", threshold: 3_000 })]);
    expect(critical[0]!.message).toMatch(/3\.20 s/);

    const logs = await readMonitoringLogs(monitor.dir);
    expect(logs.turns).toHaveLength(3);
    expect(logs.alerts.map((a) => [a.metric, a.level])).toEqual([
      ["response_time", "warning"],
      ["response_time", "critical"],
    ]);
  });

  it("tokens per turn: 1,000 warning, 2,000 critical", async () => {
    const monitor = new FileMonitor({ dir: tempDir() });
    expect(await monitor.recordTurn(turn({ tokens: 999 }))).toEqual([]);
    expect((await monitor.recordTurn(turn({ tokens: 1_200 })))[0]).toMatchObject({ metric: "tokens_per_turn", level: "warning" });
    expect((await monitor.recordTurn(turn({ tokens: 2_400 })))[0]).toMatchObject({ metric: "tokens_per_turn", level: "critical" });
  });

  it("error rate over the recent turns: 5 % warning, 10 % critical, alerted when the level rises, not on every turn", async () => {
    const monitor = new FileMonitor({ dir: tempDir() });
    const alerts = [];
    // 19 clean turns and one with a part that did not answer: 1 in 20 = 5 %.
    for (let i = 0; i < 19; i++) alerts.push(...(await monitor.recordTurn(turn())));
    expect(alerts).toEqual([]);
    alerts.push(...(await monitor.recordTurn(turn({ errors: ["degraded: memory"] }))));
    expect(alerts).toEqual([expect.objectContaining({ metric: "error_rate", level: "warning", value: 0.05 })]);
    // A clean turn brings it under 5 % (1 in 21): no alert.
    alerts.push(...(await monitor.recordTurn(turn())));
    expect(alerts).toHaveLength(1);
    // A failed turn: 2 in 22 = 9 %, a warning again; the same level on the next errors is not repeated.
    alerts.push(...(await monitor.recordTurn(turn({ failed: true }))));
    expect(alerts.map((a) => a.level)).toEqual(["warning", "warning"]);
    // An LLM fallback: 3 in 23 = 13 %, critical.
    alerts.push(...(await monitor.recordTurn(turn({ errors: ["fallback in intent: rate_limit"] }))));
    alerts.push(...(await monitor.recordTurn(turn({ failed: true }))));
    expect(alerts.map((a) => a.level)).toEqual(["warning", "warning", "critical"]);
    expect(alerts[2]!.message).toMatch(/13 % of the last 23 turns/);
  });

  it("no error rate is judged on a handful of turns", async () => {
    const monitor = new FileMonitor({ dir: tempDir() });
    expect(await monitor.recordTurn(turn({ failed: true }))).toEqual([]);
    expect(await monitor.recordTurn(turn({ failed: true }))).toEqual([]);
  });

  it("score drift: a fall of 0.15 below the baseline is a warning, 0.30 critical; a rise is not alerted", async () => {
    const monitor = new FileMonitor({ dir: tempDir(), thresholds: { driftWindow: 5 } as never });
    const record = (empathy: number, resolution = 0.8) => monitor.recordScores({ at: new Date().toISOString(), threadId: "t", scores: { empathy, resolution } });
    const alerts = [];
    for (let i = 0; i < 5; i++) alerts.push(...(await record(0.9)));
    for (let i = 0; i < 5; i++) alerts.push(...(await record(0.72, 0.99)));
    expect(alerts).toEqual([expect.objectContaining({ metric: "score_drift", level: "warning", score: "empathy", value: 0.18 })]);
    for (let i = 0; i < 5; i++) alerts.push(...(await record(0.5, 0.99)));
    expect(alerts.map((a) => `${a.score}:${a.level}`)).toEqual(["empathy:warning", "empathy:critical"]);
    expect(alerts[1]!.message).toMatch(/empathy fell from a baseline of 0\.90 to 0\.\d\d/);
    expect(alerts[1]!.value).toBeGreaterThanOrEqual(0.3);
    const logs = await readMonitoringLogs(monitor.dir);
    expect(logs.scores).toHaveLength(15);
    expect(logs.alerts).toHaveLength(2);
  });

  it("a restarted monitor goes on from the logs: a level already alerted is not alerted again", async () => {
    const dir = tempDir();
    const first = new FileMonitor({ dir });
    for (let i = 0; i < 18; i++) await first.recordTurn(turn());
    await first.recordTurn(turn({ failed: true }));
    expect(await first.recordTurn(turn({ failed: true }))).toEqual([expect.objectContaining({ metric: "error_rate", level: "critical" })]);
    const second = new FileMonitor({ dir });
    expect(await second.recordTurn(turn())).toEqual([]);
  });
});

describe("monitoring settings", () => {
  it("reads the folder and threshold pairs from the environment", () => {
    const settings = monitoringSettingsFromEnv({ MONITORING_DIR: "/tmp/m", MONITORING_RESPONSE_MS: "800, 2000", MONITORING_SCORE_DRIFT: "0.1,0.2" });
    expect(settings.dir).toBe("/tmp/m");
    expect(settings.thresholds.responseMs).toEqual({ warning: 800, critical: 2_000 });
    expect(settings.thresholds.scoreDrift).toEqual({ warning: 0.1, critical: 0.2 });
    expect(settings.thresholds.tokensPerTurn).toEqual({ warning: 1_000, critical: 2_000 });
    expect(monitoringSettingsFromEnv({}).dir).toBe(".data/monitoring");
  });

  it("rejects a malformed pair or a warning above the critical level with a clear message", () => {
    expect(() => monitoringSettingsFromEnv({ MONITORING_TOKENS_PER_TURN: "lots" })).toThrow(MonitoringSettingsError);
    expect(() => monitoringSettingsFromEnv({ MONITORING_TOKENS_PER_TURN: "lots" })).toThrow(/MONITORING_TOKENS_PER_TURN must be two numbers/);
    expect(() => monitoringSettingsFromEnv({ MONITORING_ERROR_RATE: "0.2,0.1" })).toThrow(/warning level must not exceed the critical level/);
  });
});
