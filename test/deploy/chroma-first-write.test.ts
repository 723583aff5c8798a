import { describe, expect, it } from "vitest";
import { freshMemory } from "../helpers/memory.js";
import type { EpisodeInput } from "../../src/memory/schemas.js";

/**
 * With many conversations at once, the first episode of a fresh store is written while other conversations search
 * for similar cases. Chroma answers a vector query that arrives during a collection's first write with "Error
 * creating hnsw segment reader: Nothing found on disk"; it made one of six concurrent conversations of the full
 * tier lose its memory context for a turn (and with it the hand-over). Every search must answer.
 */
const firstEpisode: EpisodeInput = {
  id: "first-episode",
  threadId: "thread-first",
  customerId: "C-1001",
  intent: "mobile_no_service",
  outcome: "handed_over",
  summary: "no service since this morning, status bar showed No Service after a restart; handed over to the network team",
  scores: { needMet: 0.5 },
  resolutionPath: ["check_status_bar:no_service", "airplane_mode_off:tried"],
  turns: 4,
  createdAt: "2026-12-06T09:00:00.000Z",
};

describe("memory searches while a fresh store gets its first episode", () => {
  it("every similar-case search answers, before and after the first episode lands", async () => {
    const failures: string[] = [];
    let searches = 0;
    let foundAfterWrite = 0;
    // Five fresh stores: the race window is the ~100 ms of each first write, so one store alone might miss it.
    for (let store = 0; store < 5; store++) {
      const { memory, connection } = await freshMemory();
      try {
        await memory.episodic.searchCases("my phone has no signal"); // the store is read before anything is in it
        let written = false;
        let stop = false;
        const searching = Array.from({ length: 4 }, async () => {
          while (!stop) {
            const after = written;
            try {
              const found = await memory.episodic.searchCases("no bars, phone says No Service");
              searches++;
              if (after) foundAfterWrite += found.length;
            } catch (error) {
              failures.push((error as Error).message);
            }
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 15));
        await memory.episodic.record(firstEpisode);
        written = true;
        await new Promise((resolve) => setTimeout(resolve, 30));
        stop = true;
        await Promise.all(searching);
      } finally {
        connection.close();
      }
    }
    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(20);
    // Searches that began after the write returned, see the episode.
    expect(foundAfterWrite).toBeGreaterThan(0);
  });
});
