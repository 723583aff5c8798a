/**
 * LLM path: with roles on the LLM engine and a counting fake model (no
 * network), how many LLM calls a turn makes in total and how many lie on its
 * critical path. Calls are grouped by the graph step they ran in: nodes of one
 * step run in parallel (technical beside knowledge), so a step costs the most
 * calls any one of its nodes made in sequence; the critical path is the sum
 * over the turn's steps.
 */
import { CONVERSATIONS } from "./conversations.js";
import { CountingChatModel, type CountedCall } from "./counting-model.js";
import { openBenchGraph } from "./graph-runner.js";
import { openBenchStore, round, type BenchOptions, type BenchResult, type BenchRow } from "./shared.js";

const TARGET = 2;

/** Which roles run on the LLM engine. */
const PROFILES: Record<string, Record<string, string>> = {
  "all roles on LLM": { plannerEngine: "llm", intentEngine: "llm", technicalEngine: "llm", knowledgeEngine: "llm", dialogueEngine: "llm" },
  "intent + dialogue on LLM": { intentEngine: "llm", dialogueEngine: "llm" },
};

interface TurnCalls {
  scenario: string;
  total: number;
  critical: number;
  /** The turn's calls in order, e.g. "intent > planner > technical|knowledge > planner > dialogue". */
  path: string;
}

export function criticalPath(calls: CountedCall[]): { critical: number; path: string } {
  const steps = new Map<number, Map<string, number>>();
  for (const call of calls) {
    const nodes = steps.get(call.step) ?? new Map<string, number>();
    nodes.set(call.node, (nodes.get(call.node) ?? 0) + 1);
    steps.set(call.step, nodes);
  }
  const ordered = [...steps.entries()].sort((a, b) => a[0] - b[0]);
  const critical = ordered.reduce((sum, [, nodes]) => sum + Math.max(...nodes.values()), 0);
  const path = ordered.map(([, nodes]) => [...nodes.entries()].map(([node, n]) => (n > 1 ? `${node}x${n}` : node)).join("|")).join(" > ");
  return { critical, path };
}

export async function benchLlmPath(options: BenchOptions): Promise<BenchResult> {
  const store = await openBenchStore("llm-path", { seed: true });
  const model = new CountingChatModel({});
  const runner = await openBenchGraph(store.memory, { chatModel: model });
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  try {
    for (const [profile, configurable] of Object.entries(PROFILES)) {
      const turns: TurnCalls[] = [];
      const fallbacks: string[] = [];
      for (const conversation of options.quick ? CONVERSATIONS.slice(0, 4) : CONVERSATIONS) {
        const say = runner.conversation((turn) => {
          const calls = model.calls.splice(0);
          for (const entry of turn.state.trace ?? []) if (entry.fallback) fallbacks.push(`${entry.node}: ${entry.fallback}`);
          turns.push({ scenario: conversation.scenario, total: calls.length, ...criticalPath(calls) });
        }, configurable);
        await conversation.run(say);
      }
      const byScenario: Record<string, { turns: number; maxCritical: number; meanCritical: number; maxTotal: number; meanTotal: number; worstPath: string }> = {};
      for (const scenario of new Set(turns.map((t) => t.scenario))) {
        const of = turns.filter((t) => t.scenario === scenario);
        const worst = of.reduce((a, b) => (b.critical > a.critical ? b : a));
        byScenario[scenario] = {
          turns: of.length,
          maxCritical: worst.critical,
          meanCritical: round(of.reduce((s, t) => s + t.critical, 0) / of.length),
          maxTotal: Math.max(...of.map((t) => t.total)),
          meanTotal: round(of.reduce((s, t) => s + t.total, 0) / of.length),
          worstPath: worst.path,
        };
      }
      const maxCritical = Math.max(...turns.map((t) => t.critical));
      rows.push({
        benchmark: "llm path",
        metric: `${profile}: sequential calls (max)`,
        value: maxCritical,
        unit: "calls",
        target: `<= ${TARGET}`,
        met: maxCritical <= TARGET,
        note: `worst: ${turns.find((t) => t.critical === maxCritical)?.path}`,
      });
      for (const [scenario, s] of Object.entries(byScenario)) {
        rows.push({
          benchmark: "llm path",
          metric: `${profile}: ${scenario}`,
          value: s.maxCritical,
          unit: "in sequence",
          note: `mean ${s.meanCritical} in sequence; total per turn mean ${s.meanTotal}, max ${s.maxTotal} (${s.turns} turns)`,
        });
      }
      details[profile] = { byScenario, turns, fallbacks: [...new Set(fallbacks)] };
    }
  } finally {
    runner.close();
    store.close();
  }
  return { rows, details };
}
