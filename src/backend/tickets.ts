import { derivePriority, refuse } from "./policy.js";
import type { Customer, Refusal, Ticket, TicketStatus } from "./schemas.js";
import type { BackendStore } from "./store.js";
import type { BackendContext, HandoverInput, TicketInput, TicketUpdate } from "./types.js";

const PRIORITY_RANK: Record<Ticket["priority"], number> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** Tickets and hand-over: one hand-over ticket per conversation, priority derived from urgency, sentiment, impact and tier. */
export class TicketDesk {
  constructor(private readonly s: BackendStore) {}

  newTicket(ctx: BackendContext, c: Customer | null, input: TicketInput): Ticket {
    const at = this.s.now().toISOString();
    const ticket: Ticket = {
      id: this.s.nextId("T-", this.s.data.tickets.map((t) => t.id)),
      customerId: c?.id ?? null,
      lineId: input.lineId ?? null,
      threadId: ctx.threadId,
      status: "open",
      priority: derivePriority({
        urgency: input.urgency ?? "medium",
        sentiment: input.sentiment ?? "neutral",
        impact: input.impact ?? "degraded",
        tier: c?.tier ?? "standard",
      }),
      category: input.category,
      subject: input.subject.trim(),
      description: input.description ?? "",
      assignee: null,
      handoverSummary: null,
      appointmentDate: null,
      createdAt: at,
      updatedAt: at,
      history: [{ at, by: "agent", action: "opened", note: input.subject.trim() }],
    };
    this.s.data.tickets.push(ticket);
    this.s.dirty = true;
    return ticket;
  }

  openTicket(ctx: BackendContext, args: TicketInput) {
    return this.s.run<{ ticket: Ticket }>(ctx, "openTicket", "change", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      if (!args?.subject?.trim())
        return refuse("invalid_input", "A ticket needs a subject.", "ask_customer", "What would you like the ticket to be about?");
      let lineId: string | undefined;
      if (args.lineId) {
        const line = this.s.resolveLine(c, args);
        if ("ok" in line) return line;
        lineId = line.id;
      }
      const ticket = this.newTicket(ctx, c, { ...args, lineId });
      return { ok: true, ticket: structuredClone(ticket) };
    });
  }

  private ownTicket(ctx: BackendContext, c: Customer, ticketId: string): Ticket | Refusal {
    const t = this.s.data.tickets.find((x) => x.id.toLowerCase() === ticketId.trim().toLowerCase());
    if (!t)
      return refuse("not_found", `No ticket "${ticketId}".`, "ask_customer", "I can't find a ticket with that number on your account; could you check it?");
    if (t.customerId !== c.id && !(t.customerId === null && t.threadId === ctx.threadId))
      return refuse(
        "policy",
        `Ticket "${ticketId}" is not on the verified customer's account.`,
        "inform_customer",
        "That ticket isn't on your account, so I can't look at it.",
      );
    return t;
  }

  updateTicket(ctx: BackendContext, args: TicketUpdate) {
    return this.s.run<{ ticket: Ticket }>(ctx, "updateTicket", "change", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const t = this.ownTicket(ctx, c, String(args?.ticketId ?? ""));
      if ("ok" in t) return t;
      if (t.status === "closed")
        return refuse(
          "policy",
          `Ticket ${t.id} is closed; open a new ticket instead.`,
          "inform_customer",
          "That ticket is already closed; if the problem is back, a new one can be opened for you.",
        );
      if (!args.status && !args.note?.trim() && !args.assignee?.trim())
        return refuse(
          "invalid_input",
          "Nothing to update: give a status, a note or an assignee.",
          "ask_customer",
          "What would you like me to add to the ticket?",
        );
      const at = this.s.now().toISOString();
      const changes: string[] = [];
      if (args.status && args.status !== t.status) {
        changes.push(`status ${t.status} -> ${args.status}`);
        t.status = args.status as TicketStatus;
      }
      if (args.assignee?.trim() && args.assignee.trim() !== t.assignee) {
        changes.push(`assignee -> ${args.assignee.trim()}`);
        t.assignee = args.assignee.trim();
      }
      t.history.push({ at, by: "agent", action: changes.length ? changes.join("; ") : "note", note: args.note?.trim() ?? "" });
      t.updatedAt = at;
      this.s.dirty = true;
      return { ok: true, ticket: structuredClone(t) };
    });
  }

  getTicket(ctx: BackendContext, args: { ticketId: string }) {
    return this.s.run<{ ticket: Ticket }>(ctx, "getTicket", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const t = this.ownTicket(ctx, c, String(args?.ticketId ?? ""));
      if ("ok" in t) return t;
      return { ok: true, ticket: structuredClone(t) };
    });
  }

  listTickets(ctx: BackendContext, args?: { status?: TicketStatus }) {
    return this.s.run<{ tickets: Ticket[] }>(ctx, "listTickets", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const tickets = this.s.data.tickets.filter((t) => t.customerId === c.id && (!args?.status || t.status === args.status));
      return { ok: true, tickets: structuredClone(tickets) };
    });
  }

  /** The thread's hand-over ticket that is still being worked on: one per conversation. */
  private openHandover(threadId: string): Ticket | undefined {
    return this.s.data.tickets.find((t) => t.threadId === threadId && t.category === "handover" && !["resolved", "closed"].includes(t.status));
  }

  transferToHuman(ctx: BackendContext, args: HandoverInput) {
    return this.s.run<{ ticket: Ticket; queue: string; reused: boolean }>(ctx, "transferToHuman", "change", args ?? {}, () => {
      if (!args?.summary?.trim())
        return refuse(
          "invalid_input",
          "A hand-over needs a summary of the conversation so the customer does not have to repeat it.",
          "retry_later",
          "Could you tell me in a sentence what you need help with, so the right person picks it up?",
        );
      const verified = this.s.verifiedCustomer(ctx);
      const c = "ok" in verified ? null : verified;
      const summary = args.summary.trim();
      const reason = args.reason?.trim() || "handover";
      const at = this.s.now().toISOString();
      const priority = derivePriority({
        urgency: args.urgency ?? "medium",
        sentiment: args.sentiment ?? "neutral",
        impact: args.impact ?? "degraded",
        tier: c?.tier ?? "standard",
      });
      const existing = this.openHandover(ctx.threadId);
      if (existing) {
        // A later hand-over in the same conversation adds to the ticket a person is already on; the same hand-over
        // again (a turn retried after its process died) adds nothing the person has not read.
        if (summary !== existing.handoverSummary) {
          existing.history.push({ at, by: "agent", action: "handover_note", note: reason === "handover" ? summary : `${reason}: ${summary}` });
        }
        existing.handoverSummary = summary;
        if (existing.customerId === null && c) {
          existing.customerId = c.id;
          existing.history.push({ at, by: "agent", action: "identity_verified", note: `Customer ${c.id} verified in the conversation` });
        }
        if (PRIORITY_RANK[priority] > PRIORITY_RANK[existing.priority]) {
          existing.history.push({ at, by: "agent", action: `priority ${existing.priority} -> ${priority}`, note: "" });
          existing.priority = priority;
        }
        existing.updatedAt = at;
        this.s.dirty = true;
        return { ok: true, ticket: structuredClone(existing), queue: existing.assignee ?? "customer-care", reused: true };
      }
      const queue = c?.tier === "business" ? "business-support" : "customer-care";
      const ticket = this.newTicket(ctx, c, {
        category: "handover",
        subject: `Hand-over: ${reason}`,
        description: c ? "" : "Identity not verified in this conversation.",
        urgency: args.urgency,
        sentiment: args.sentiment,
        impact: args.impact,
      });
      ticket.handoverSummary = summary;
      ticket.assignee = queue;
      ticket.history.push({ at: ticket.createdAt, by: "agent", action: "handover_note", note: summary });
      ticket.history.push({ at: ticket.createdAt, by: "agent", action: "transferred", note: `Queued for ${queue}` });
      return { ok: true, ticket: structuredClone(ticket), queue, reused: false };
    });
  }

  appendToHandover(ctx: BackendContext, args: { text: string; by?: "customer" | "agent" }) {
    return this.s.run<{ ticket: Ticket; queue: string }>(ctx, "appendToHandover", "change", args ?? {}, () => {
      const text = typeof args?.text === "string" ? args.text.trim() : "";
      if (!text)
        return refuse("invalid_input", "Nothing to add: the text is empty.", "ask_customer", "What would you like me to pass on to the team?");
      const ticket = this.openHandover(ctx.threadId);
      if (!ticket)
        return refuse(
          "not_found",
          "This conversation has no open hand-over ticket; use transferToHuman to open one.",
          "inform_customer",
          "You haven't been passed to a colleague in this conversation yet.",
        );
      const at = this.s.now().toISOString();
      const by = args.by === "agent" ? "agent" : "customer";
      ticket.history.push({ at, by, action: by === "customer" ? "customer_message" : "handover_note", note: text });
      ticket.updatedAt = at;
      this.s.dirty = true;
      return { ok: true, ticket: structuredClone(ticket), queue: ticket.assignee ?? "customer-care" };
    });
  }
}
