import { describe, expect, it } from "vitest";
import { ok, openBackend, refused, verify } from "./helpers.js";

describe("one hand-over ticket per conversation", () => {
  it("four hand-overs in one thread make one ticket with four notes; another thread gets its own", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "impatient" };
    const messages = [
      "customer wants to cancel, contract question",
      "customer asks again when someone will call",
      "customer sent 😡",
      "customer: still waiting, pls hurry",
    ];
    const results = [];
    for (const summary of messages) results.push(ok(await backend.transferToHuman(ctx, { summary, reason: "wants a person" })));
    expect(results.map((r) => r.reused)).toEqual([false, true, true, true]);
    expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
    const ticket = results[3]!.ticket;
    expect(ticket.history.filter((h) => h.action === "handover_note").map((h) => h.note)).toEqual([
      messages[0],
      ...messages.slice(1).map((m) => `wants a person: ${m}`),
    ]);
    expect(ticket.handoverSummary).toBe(messages[3]);
    expect((await backend.queryAudit({ threadId: "impatient", action: "transferToHuman", outcome: "ok" })).entries).toHaveLength(4);
    // The same hand-over again (a retried turn): the same ticket, and the person does not read the note twice.
    const retried = ok(await backend.transferToHuman(ctx, { summary: messages[3]!, reason: "wants a person" }));
    expect(retried.ticket.id).toBe(ticket.id);
    expect(retried.ticket.history.filter((h) => h.action === "handover_note")).toHaveLength(4);

    const other = ok(await backend.transferToHuman({ threadId: "someone-else" }, { summary: "port-out request", reason: "port out" }));
    expect(other.reused).toBe(false);
    expect(other.ticket.id).not.toBe(ticket.id);
  });

  it("later messages go onto the open ticket; the customer verified later is filled in and the priority only rises", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "g" };
    const first = ok(await backend.transferToHuman(ctx, { summary: "Caller says the office internet keeps dropping.", reason: "repeat fault", urgency: "low" }));
    expect(first.ticket).toMatchObject({ customerId: null, priority: "low" });
    expect(refused(await backend.appendToHandover({ threadId: "nobody" }, { text: "hello?" })).code).toBe("not_found");
    const note = ok(await backend.appendToHandover(ctx, { text: "hello?? is anyone there" }));
    expect(note.ticket.id).toBe(first.ticket.id);
    expect(note.ticket.history.at(-1)).toMatchObject({ by: "customer", action: "customer_message", note: "hello?? is anyone there" });

    await verify(backend, "g", "5550100011", "Grace Kim");
    const again = ok(
      await backend.transferToHuman(ctx, { summary: "Grace Kim, fibre 1G drops every 30 min, line test sync drops.", reason: "repeat fault", urgency: "high", impact: "no_service" }),
    );
    expect(again).toMatchObject({ reused: true, ticket: { id: first.ticket.id, customerId: "C-1011", priority: "urgent" } });
    // A calmer note later does not lower it.
    expect(ok(await backend.transferToHuman(ctx, { summary: "ok thanks", reason: "repeat fault", urgency: "low" })).ticket.priority).toBe("urgent");

    // Once a person resolved it, a new hand-over opens a new ticket.
    ok(await backend.updateTicket(ctx, { ticketId: first.ticket.id, status: "resolved", note: "Engineer booked by phone" }));
    const fresh = ok(await backend.transferToHuman(ctx, { summary: "It dropped again tonight.", reason: "repeat fault" }));
    expect(fresh.reused).toBe(false);
    expect(fresh.ticket.id).not.toBe(first.ticket.id);
  });
});

describe("public information needs no identity", () => {
  it("plans and prices, and when an outage should be fixed", async () => {
    const { backend } = await openBackend();
    const anon = { threadId: "just-asking" };
    expect(ok(await backend.getPlan(anon, { planId: "nimbus unlimited" })).plan.monthlyPrice).toBe(65);
    expect(ok(await backend.listPlans(anon, { kind: "mobile" })).plans.map((p) => [p.name, p.monthlyPrice])).toEqual([
      ["Nimbus Lite", 15],
      ["Nimbus Plus", 30],
      ["Nimbus Max", 45],
      ["Nimbus Unlimited", 65],
    ]);
    // "so when will it be back?": the repair time is in the answer.
    const downtown = ok(await backend.checkNetworkStatus(anon, { area: "downtown springfield" }));
    expect(downtown.mobile.outages).toEqual([expect.objectContaining({ id: "OUT-302", estimatedResolution: "2026-11-22T06:00:00Z" })]);
    const lakeside = ok(await backend.checkNetworkStatus(anon, { area: "62566" }));
    expect(lakeside.planned[0]).toMatchObject({ status: "planned", estimatedResolution: "2026-11-25T04:00:00Z" });
    // None of it was an account read.
    expect((await backend.queryAudit({ threadId: "just-asking" })).entries.every((e) => e.customerId === null && e.outcome === "ok")).toBe(true);
  });
});
