/**
 * Turn latency on the local engines: at each episode count, scripted
 * conversations are run until at least `turns` customer turns are timed; p50,
 * p95 and p99 of the whole turn, and of each node from the state's trace.
 * Episodic memory grows between sizes (1,000 -> 10,000 -> 100,000), so the same
 * knowledge base, procedures and prompts serve every size.
 */
import { CONVERSATIONS } from "./conversations.js";
import { fillEpisodes } from "./episodes.js";
import { openBenchGraph, type TimedTurn } from "./graph-runner.js";
import { measureEpisodicRetrieval, type RetrievalFigure } from "./retrieval.js";
import { distribution, openBenchStore, round, timed, type BenchOptions, type BenchResult, type BenchRow, type Distribution } from "./shared.js";

export interface TurnLatencyAtSize {
  episodes: number;
  fillSeconds: number;
  turn: Distribution;
  reply: Distribution;
  byNode: Record<string, Distribution>;
  byScenario: Record<string, Distribution>;
  episodicRetrieval: RetrievalFigure[];
}

const TARGET_EPISODES = 10_000;

export async function benchTurnLatency(options: BenchOptions): Promise<BenchResult> {
  const store = await openBenchStore("turns", { seed: true });
  const runner = await openBenchGraph(store.memory);
  const sizes: TurnLatencyAtSize[] = [];
  try {
    // Warm-up (JIT, lexical index, SQLite) on an empty episodic memory; not counted.
    for (const conversation of CONVERSATIONS.slice(0, 3)) await conversation.run(runner.conversation(() => {}));
    let filled = 0;
    for (const episodes of [...options.episodes].sort((a, b) => a - b)) {
      const [, fillMs] = await timed(() => fillEpisodes(store.memory.episodic, filled, episodes));
      filled = episodes;
      options.log(`  turn latency: ${episodes.toLocaleString("en")} episodes (filled in ${(fillMs / 1000).toFixed(1)} s)`);
      const turns: { scenario: string; turn: TimedTurn }[] = [];
      for (let i = 0; turns.length < options.turns; i++) {
        const conversation = CONVERSATIONS[i % CONVERSATIONS.length]!;
        await conversation.run(runner.conversation((turn) => turns.push({ scenario: conversation.scenario, turn })));
      }
      sizes.push({
        episodes,
        fillSeconds: round(fillMs / 1000, 1),
        turn: distribution(turns.map((t) => t.turn.ms)),
        reply: distribution(turns.map((t) => t.turn.replyMs)),
        byNode: byNode(turns.map((t) => t.turn)),
        byScenario: groupBy(turns, (t) => t.scenario, (t) => t.turn.ms),
        episodicRetrieval: await measureEpisodicRetrieval(store, Math.min(options.queries, 100)),
      });
    }
  } finally {
    runner.close();
    store.close();
  }
  return { rows: rowsOf(sizes), details: { sizes } };
}

/**
 * Each node's time per turn (a node that runs twice in a turn, like the planner, counts its sum), and
 * "graph" for the rest: LangGraph's scheduling and the SQLite checkpoint written after every step.
 */
function byNode(turns: TimedTurn[]): Record<string, Distribution> {
  const samples: Record<string, number[]> = {};
  for (const { state, ms } of turns) {
    const perTurn: Record<string, number> = {};
    for (const entry of state.trace ?? []) perTurn[entry.node] = (perTurn[entry.node] ?? 0) + entry.ms;
    // Parallel branches overlap, so this is a lower bound of the time outside the nodes.
    perTurn.graph = Math.max(0, ms - Object.values(perTurn).reduce((sum, x) => sum + x, 0));
    for (const [node, ms] of Object.entries(perTurn)) (samples[node] ??= []).push(ms);
  }
  return Object.fromEntries(Object.entries(samples).map(([node, values]) => [node, distribution(values)]));
}

function groupBy<T>(items: T[], key: (item: T) => string, value: (item: T) => number): Record<string, Distribution> {
  const groups: Record<string, number[]> = {};
  for (const item of items) (groups[key(item)] ??= []).push(value(item));
  return Object.fromEntries(Object.entries(groups).map(([name, values]) => [name, distribution(values)]));
}

function rowsOf(sizes: TurnLatencyAtSize[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    const atTarget = size.episodes === TARGET_EPISODES;
    rows.push(
      { benchmark: "turn", metric: "p50", value: size.turn.p50, unit: "ms", episodes: size.episodes, ...(atTarget ? { target: "<= 25 ms", met: size.turn.p50 <= 25 } : {}) },
      { benchmark: "turn", metric: "p95", value: size.turn.p95, unit: "ms", episodes: size.episodes, ...(atTarget ? { target: "<= 80 ms", met: size.turn.p95 <= 80 } : {}) },
      { benchmark: "turn", metric: "p99", value: size.turn.p99, unit: "ms", episodes: size.episodes },
      { benchmark: "turn", metric: "time to reply p50/p95", value: size.reply.p50, unit: "ms", episodes: size.episodes, note: `p95 ${size.reply.p95} ms, p99 ${size.reply.p99} ms (reply streamed; memory written after)` },
    );
    for (const [node, d] of Object.entries(size.byNode)) {
      rows.push({ benchmark: "turn node", metric: `${node} p50/p95`, value: d.p50, unit: "ms", episodes: size.episodes, note: `p95 ${d.p95} ms` });
    }
    for (const figure of size.episodicRetrieval) {
      rows.push({
        benchmark: "retrieval",
        metric: `${figure.search} p50 ratio`,
        value: figure.ratioP50,
        unit: "x raw",
        episodes: size.episodes,
        note: `p50 ${figure.memory.p50} vs raw ${figure.raw.p50} ms; p95 ratio ${figure.ratioP95}`,
      });
    }
  }
  return rows;
}
