import { afterAll, describe, expect, it } from "vitest";
import type { CustomerActionId } from "../../src/domain/customer-actions.js";
import type { SupportStateValue } from "../../src/graph/state.js";
import { loadProcedures } from "../../src/memory/seed.js";
import { ScriptedCustomer } from "../../src/replay/scripted-customer.js";
import { testSupportGraph } from "../helpers/graph.js";

async function troubleshootToTheEnd(t: Awaited<ReturnType<typeof testSupportGraph>>, thread: string, first: SupportStateValue) {
  // The first fix does not help, the second does, and the customer's own checks say so.
  const customer = new ScriptedCustomer("fix_second");
  const asked: CustomerActionId[] = [];
  let state = first;
  for (let turn = 0; turn < 14 && state.pendingAction; turn++) {
    asked.push(state.pendingAction.actionId);
    state = await t.say(thread, customer.answer(state.pendingAction.actionId));
  }
  return { state, asked };
}

const PROBLEMS: Record<string, { customer: string; message: string }> = {
  "mobile-no-service": { customer: "555 010 0020, Noah Thompson", message: "my phone shows no signal at all and I can't call anyone" },
  "mobile-no-data": { customer: "555 010 0020, Noah Thompson", message: "my mobile data stopped working, apps won't load unless I'm on wifi" },
  "mobile-slow-data": { customer: "555 010 0020, Noah Thompson", message: "mobile internet is really slow, videos keep buffering" },
  "mms-not-sending": { customer: "555 010 0009, Priya Sharma", message: "picture messages won't send from my phone" },
  "roaming-no-data": { customer: "555 010 0001, Maria Gonzalez", message: "I'm in Spain and my phone has no internet" },
  "broadband-drops": { customer: "555 010 0011, Grace Kim", message: "my home wifi keeps dropping every half hour" },
  "broadband-slow": { customer: "555 010 0024, José Ramírez", message: "my home broadband is really slow in the evenings" },
};

describe("multi-turn troubleshooting", async () => {
  const t = await testSupportGraph();
  afterAll(() => t.close());
  const procedures = await loadProcedures("data/procedures");

  it.each(Object.entries(PROBLEMS))("%s: carrier checks at once, device steps one by one, fixed only when the customer's check says so", async (procedureId, problem) => {
    const thread = t.newThread();
    await t.say(thread, problem.message);
    const started = await t.say(thread, problem.customer);
    expect(started.troubleshooting?.procedureId).toBe(procedureId);
    expect(started.troubleshooting?.observations.some((o) => o.source === "carrier")).toBe(true);

    const { state, asked } = await troubleshootToTheEnd(t, thread, started);
    const procedure = procedures.find((p) => p.id === procedureId)!;
    const final = state.troubleshooting!;
    expect(["resolved", "handover"]).toContain(final.status);
    if (final.status === "resolved") {
      expect(state.status).toBe("resolved");
      // The last device step before resolution is one of the customer's own checks.
      const lastCustomerStep = final.observations.filter((o) => o.source === "customer").at(-1);
      expect(["fixed", "signal_ok", "speed_ok", "mms_ok", "lights_ok"]).toContain(lastCustomerStep?.observation);
    } else {
      expect(state.escalation?.ticketId).toBeTruthy();
    }
    // Every step asked for is a device step of the procedures that ran (a second fault may follow the first).
    const ran = procedures.filter((p) => p.id === procedure.id || final.completed.includes(p.id) || p.id === final.procedureId);
    const deviceActions = new Set(ran.flatMap((p) => p.steps.flatMap((s) => (s.kind === "customer_action" ? [s.action] : []))));
    for (const action of asked) expect(deviceActions.has(action)).toBe(true);
  });

  it("finds and fixes several faults in order: connectivity first, then MMS", async () => {
    const thread = t.newThread();
    await t.say(thread, "I have no signal on my phone and picture messages won't send either");
    const started = await t.say(thread, "555 010 0009, Priya Sharma");
    expect(started.troubleshooting?.procedureId).toBe("mobile-no-service");
    expect(started.troubleshooting?.queue).toContain("mms-not-sending");

    const { state } = await troubleshootToTheEnd(t, thread, started);
    expect(state.troubleshooting?.completed).toEqual(["mobile-no-service", "mms-not-sending"]);
    expect(state.status).toBe("resolved");
    // Greeted by name once, when identity was verified, not on every turn.
    const greetings = state.messages.filter((m) => m.getType() === "ai" && String(m.content).startsWith("Hi Priya"));
    expect(greetings).toHaveLength(1);
  });

  it("enables roaming on the line for a customer abroad, as an audited account action", async () => {
    // A backend of its own: the walk-through above already switched Maria's roaming on.
    const own = await testSupportGraph();
    const thread = own.newThread();
    await own.say(thread, "I'm in Spain and my phone has no internet");
    const state = await own.say(thread, "555 010 0001, Maria Gonzalez");
    expect(state.accountActions).toContainEqual(expect.objectContaining({ action: "enable_roaming", ok: true }));
    expect(state.reply).toMatch(/roaming/i);
    const audit = await own.backend.queryAudit({ threadId: thread, action: "enableRoaming" });
    expect(audit.entries).toHaveLength(1);
    own.close();
  });

  it("suspended-line: resumes a line whose overdue bill is paid", async () => {
    const thread = t.newThread();
    await t.say(thread, "my phone has been cut off, I can't call or text");
    const state = await t.say(thread, "555 010 0021, Fatima Ali");
    expect(state.troubleshooting?.observations[0]).toMatchObject({ source: "carrier", observation: "line_suspended" });
    expect(state.accountActions).toContainEqual(expect.objectContaining({ action: "resume_line", ok: true }));
    // Then the customer's own check: signal back after a restart.
    expect(state.pendingAction).not.toBeNull();
  });

  it("suspended-line: a line whose contract has ended is never resumed; the customer is handed over", async () => {
    const thread = t.newThread();
    await t.say(thread, "my line has been suspended, please turn it back on");
    const asked = await t.say(thread, "555 010 0004, Robert Miller");
    // The overdue bill comes first: a payment request, and the customer pays it.
    const request = asked.accountActions.find((a) => a.action === "send_payment_request");
    expect(request?.ok).toBe(true);
    const paid = await t.backend.recordCustomerPayment(String(request!.args.billId));
    expect(paid.ok).toBe(true);
    const state = await t.say(thread, "done, I've paid it");
    expect(state.accountActions.filter((a) => a.action === "resume_line" && a.ok)).toEqual([]);
    expect(state.status).toBe("handed_over");
    expect(state.escalation?.ticketId).toBeTruthy();
  });

  it("an answer that says nothing about the step asks the step again instead of moving the procedure on", async () => {
    const thread = t.newThread();
    await t.say(thread, "my line has been suspended, please turn it back on");
    const asked = await t.say(thread, "555 010 0015, Olivia Davis");
    const pending = asked.pendingAction;
    expect(pending).not.toBeNull();
    const state = await t.say(thread, "hmm, my phone has been cut off");
    expect(state.troubleshooting?.stepId).toBe(asked.troubleshooting?.stepId);
    expect(state.pendingAction).toEqual(pending);
    expect(state.escalation).toBeNull();
    expect(state.reply).toContain(pending!.ask.slice(0, 40));
  });

  it("broadband-outage: a known outage in the area is explained with its repair time, no device steps", async () => {
    const thread = t.newThread();
    await t.say(thread, "is there an outage? my home internet is completely down");
    const state = await t.say(thread, "555 010 0005, Linda Nguyen");
    const outage = state.troubleshooting?.observations.find((o) => o.observation === "outage");
    expect(outage?.detail).toMatch(/fixed by \d{4}-\d{2}-\d{2}/);
    expect(state.requestedActions).toEqual([]);
    expect(state.reply).toMatch(/outage/i);
  });

  it("reads this customer's past conversations on a later visit, and only theirs", async () => {
    const first = t.newThread();
    await t.say(first, "my mobile data stopped working");
    await t.say(first, "555 010 0013, Emily Johnson");
    await t.say(first, "thanks, bye");
    const second = t.newThread();
    await t.say(second, "my mobile data is not working again");
    const state = await t.say(second, "555 010 0013, Emily Johnson");
    expect(state.memory.history.length).toBeGreaterThan(0);
    const episodes = await t.memory.episodic.history("C-1013");
    expect(episodes.every((e) => e.customerId === "C-1013")).toBe(true);
    expect(episodes.map((e) => e.threadId)).toContain(first);
  });

  it("remembers the step reached across a restart of the graph (SQLite checkpointer)", async () => {
    const thread = t.newThread();
    await t.say(thread, "my mobile data stopped working");
    const before = await t.say(thread, "555 010 0020, Noah Thompson");
    const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
    const { createSupportGraph } = await import("../../src/graph/support-graph.js");
    const reopened = createSupportGraph(t.deps, { checkpointer: SqliteSaver.fromConnString(`${t.dir}/checkpoints.sqlite`) });
    const state = (await reopened.getState({ configurable: { thread_id: thread } })).values as SupportStateValue;
    expect(state.troubleshooting).toEqual(before.troubleshooting);
    expect(state.pendingAction).toEqual(before.pendingAction);
  });
});
