/**
 * What a run of the suite leaves behind: the printed table, bench/results.json
 * (validated) and an SVG chart of turn latency against episodic memory size.
 */
import { z } from "zod";
import { BenchRow, Distribution } from "./shared.js";

export const BenchResults = z.object({
  createdAt: z.string(),
  quick: z.boolean(),
  machine: z.object({ cpus: z.number().int(), cpuModel: z.string(), memoryGiB: z.number(), node: z.string(), platform: z.string(), loadAverage: z.array(z.number()) }),
  options: z.record(z.string(), z.unknown()),
  seconds: z.number(),
  rows: z.array(BenchRow),
  details: z.record(z.string(), z.unknown()),
});
export type BenchResults = z.infer<typeof BenchResults>;

/** The rows as an aligned text table. */
export function formatTable(rows: BenchRow[]): string {
  const header = ["benchmark", "metric", "episodes", "value", "target", "met", "note"];
  const lines = rows.map((r) => [
    r.benchmark,
    r.metric,
    r.episodes === undefined ? "" : r.episodes.toLocaleString("en"),
    `${r.value} ${r.unit}`,
    r.target ?? "",
    r.met === undefined ? "" : r.met ? "yes" : "NO",
    r.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [format(header), format(widths.map((w) => "-".repeat(w))), ...lines.map(format)].join("\n");
}

/** The rows as a Markdown table (for docs/benchmarks.md). */
export function markdownTable(rows: BenchRow[]): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "| benchmark | metric | episodes | value | target | met | note |",
    "| --- | --- | ---: | ---: | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.benchmark} | ${escape(r.metric)} | ${r.episodes?.toLocaleString("en") ?? ""} | ${r.value} ${r.unit} | ${escape(r.target ?? "")} | ${r.met === undefined ? "" : r.met ? "yes" : "**no**"} | ${escape(r.note ?? "")} |`,
    ),
  ].join("\n");
}

const TurnSize = z.object({ episodes: z.number(), turn: Distribution, byNode: z.record(z.string(), Distribution) });

/**
 * Turn latency (p50, p95, p99) and the context node's p50 against episodes in
 * memory, on a logarithmic x axis. Plain SVG, no dependencies.
 */
export function latencyChart(sizesInput: unknown): string {
  const sizes = z.array(TurnSize).parse(sizesInput).sort((a, b) => a.episodes - b.episodes);
  const width = 640;
  const height = 380;
  const pad = { left: 60, right: 150, top: 40, bottom: 50 };
  const series = [
    { name: "turn p50", colour: "#1f77b4", values: sizes.map((s) => s.turn.p50) },
    { name: "turn p95", colour: "#ff7f0e", values: sizes.map((s) => s.turn.p95) },
    { name: "turn p99", colour: "#d62728", values: sizes.map((s) => s.turn.p99) },
    { name: "context node p50", colour: "#2ca02c", values: sizes.map((s) => s.byNode.context?.p50 ?? 0) },
  ];
  const maxY = niceCeiling(Math.max(80, ...series.flatMap((s) => s.values)));
  const logs = sizes.map((s) => Math.log10(Math.max(1, s.episodes)));
  const [minX, maxX] = [Math.min(...logs), Math.max(...logs)];
  const x = (episodes: number) =>
    pad.left + (maxX === minX ? 0.5 : (Math.log10(Math.max(1, episodes)) - minX) / (maxX - minX)) * (width - pad.left - pad.right);
  const y = (ms: number) => height - pad.bottom - (ms / maxY) * (height - pad.top - pad.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${pad.left}" y="22" font-size="14" font-weight="bold">Turn latency (local engines) against episodes in memory</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const ms = (maxY / 5) * i;
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/>`,
      `<text x="${pad.left - 8}" y="${y(ms) + 4}" text-anchor="end">${round1(ms)}</text>`,
    );
  }
  for (const target of [
    { ms: 25, label: "p50 target 25 ms" },
    { ms: 80, label: "p95 target 80 ms" },
  ]) {
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(target.ms)}" y2="${y(target.ms)}" stroke="#888" stroke-dasharray="4 4"/>`,
      `<text x="${width - pad.right + 4}" y="${y(target.ms) + 4}" fill="#555">${target.label}</text>`,
    );
  }
  for (const size of sizes) {
    parts.push(`<text x="${x(size.episodes)}" y="${height - pad.bottom + 18}" text-anchor="middle">${size.episodes.toLocaleString("en")}</text>`);
  }
  parts.push(
    `<text x="${(pad.left + width - pad.right) / 2}" y="${height - 12}" text-anchor="middle">episodes in episodic memory (log scale)</text>`,
    `<text transform="translate(16 ${(pad.top + height - pad.bottom) / 2}) rotate(-90)" text-anchor="middle">ms</text>`,
  );
  series.forEach((s, index) => {
    const points = sizes.map((size, i) => `${x(size.episodes).toFixed(1)},${y(s.values[i]!).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    sizes.forEach((size, i) => parts.push(`<circle cx="${x(size.episodes).toFixed(1)}" cy="${y(s.values[i]!).toFixed(1)}" r="3" fill="${s.colour}"/>`));
    const ly = pad.top + 20 + index * 18;
    parts.push(
      `<line x1="${width - pad.right + 10}" x2="${width - pad.right + 30}" y1="${ly + 60}" y2="${ly + 60}" stroke="${s.colour}" stroke-width="2"/>`,
      `<text x="${width - pad.right + 34}" y="${ly + 64}">${s.name}</text>`,
    );
  });
  parts.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}" stroke="#333"/>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}
const round1 = (x: number) => Math.round(x * 10) / 10;
