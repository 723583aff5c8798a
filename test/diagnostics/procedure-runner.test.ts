import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runProcedure } from "../../src/diagnostics/procedure-runner.js";
import { loadProcedures } from "../../src/memory/seed.js";
import { openBackend, verify } from "../backend/helpers.js";

describe("procedure runner: account actions are reported, never run", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("roaming off on Maria's line: the run stops with an enable_roaming proposal and the line is unchanged", async () => {
    const fixture = await openBackend();
    dirs.push(fixture.dir);
    const procedures = await loadProcedures("data/procedures");
    await verify(fixture.backend, "runner-1", "555-010-0001", "Maria Gonzalez");
    const procedure = procedures.find((p) => p.id === "roaming-no-data")!;
    const progress = await runProcedure({ procedure, fromStep: procedure.start, backend: fixture.backend, ctx: { threadId: "runner-1" } });
    expect(progress.status).toBe("proposal");
    expect(progress.proposal).toMatchObject({ action: "enable_roaming", args: { lineId: "L-1001" } });
    const changes = await fixture.backend.queryAudit({ threadId: "runner-1", kind: "change" });
    expect(changes.entries.map((e) => e.action)).toEqual([]);
    const line = await fixture.backend.getLineStatus({ threadId: "runner-1" }, {});
    expect(line.ok && line.roamingEnabled).toBe(false);
  });
});
