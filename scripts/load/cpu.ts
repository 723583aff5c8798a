import fs from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system, ms) a process and, with `descendants`, all processes below it have used so far. */
export function cpuMs(pid: number, options: { descendants?: boolean } = {}): number {
  const stats = readAllStats();
  const pids = new Set([pid]);
  if (options.descendants) {
    // Children appear after their parents in pid order only mostly: repeat until no new descendant is found.
    let grown = true;
    while (grown) {
      grown = false;
      for (const s of stats.values()) if (pids.has(s.ppid) && !pids.has(s.pid)) (pids.add(s.pid), (grown = true));
    }
  }
  let ticks = 0;
  for (const p of pids) ticks += stats.get(p)?.ticks ?? 0;
  return (ticks / TICKS_PER_SECOND) * 1000;
}

function readAllStats(): Map<number, { pid: number; ppid: number; ticks: number }> {
  const stats = new Map<number, { pid: number; ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return stats;
}
