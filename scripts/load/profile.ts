import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) read here. */
const CpuProfile = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }) })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type CpuProfile = z.infer<typeof CpuProfile>;

/** Which part of the process a function belongs to: a package, this project's folder, Node itself, GC. */
function partOf(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8 and native code (program)";
  if (!url) return "native code";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "Node internals";
  const own = /\/(src|scripts)\/([^/]+)/.exec(url);
  if (own) return `this project: ${own[1]}/${own[2]!.replace(/\.ts$/, "")}`;
  return "other";
}

/** Self time (ms) by part and by function, idle left out. */
export function summariseProfile(profile: CpuProfile): { totalMs: number; parts: [string, number][]; functions: [string, number][] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") return;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    const part = partOf(url, functionName);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    const name = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|scripts)\//, "$1/")}:${lineNumber + 1}` : ""}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
    totalMs += ms;
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs, parts: sorted(parts), functions: sorted(functions) };
}

/** Where the CPU of each profiled process went: the largest parts and functions, as shares of its busy time. */
export function formatProfiles(dir: string, top = 15): string {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")) : [];
  if (files.length === 0) return `no CPU profiles in ${dir}`;
  return files
    .map((file) => {
      const { totalMs, parts, functions } = summariseProfile(CpuProfile.parse(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))));
      const share = ([name, ms]: [string, number]) => `${(ms / totalMs * 100).toFixed(1).padStart(5)} %  ${name}`;
      return [
        `CPU profile ${file}: ${(totalMs / 1000).toFixed(1)} s busy (start-up included)`,
        "  by part:",
        ...parts.slice(0, top).map((entry) => `    ${share(entry)}`),
        "  by function (self time):",
        ...functions.slice(0, top).map((entry) => `    ${share(entry)}`),
      ].join("\n");
    })
    .join("\n");
}
