import { describe, expect, it } from "vitest";
import { Client } from "@langchain/langgraph-sdk";
import { sharedApiServerUrl } from "../helpers/api-server.js";

/**
 * The LangGraph API server (`npx @langchain/langgraph-cli dev`) serving the graphs
 * of langgraph.json, driven through @langchain/langgraph-sdk as a service would.
 * Everything it writes (Chroma, backend state, the server's own storage) goes to a
 * temporary folder. The server is the run's shared one (test/setup/api-server-global-setup.ts).
 */

interface Values {
  reply: string;
  status: string;
  customer: { verified: boolean; customerId?: string; firstName?: string };
  thisTurn: { plan: { next: string[] } | null; requestedActions: { actionId: string; ask: string }[] };
  troubleshooting: { procedureId: string; stepId: string; status: string } | null;
  escalation: { ticketId?: string; summary: string; humanReply?: string } | null;
  trace: { node: string; ms: number }[];
}

const client = new Client({ apiUrl: sharedApiServerUrl() });

describe("LangGraph API server", () => {
  it("lists the support graph from langgraph.json", async () => {
    const assistants = await client.assistants.search({ graphId: "support" });
    expect(assistants.map((a) => a.graph_id)).toContain("support");
  });

  it("runs a conversation through the SDK: identity, a troubleshooting step, a hand-over and a human reply", async () => {
    const thread = await client.threads.create();
    const say = async (content: string) =>
      (await client.runs.wait(thread.thread_id, "support", { input: { messages: [{ role: "user", content }] } })) as unknown as Values;

    const first = await say("my phone has no service since this morning");
    // The identity request says exactly what to give.
    expect(first.reply).toMatch(/phone number on the account and your full name or date of birth/i);
    expect(first.thisTurn.plan?.next).toContain("verify_identity");
    expect(first.customer.verified).toBe(false);
    expect(first.status).toBe("open");

    // James Carter has one active mobile line (data/telecom/dataset.json).
    const second = await say("I am James Carter, my number is +1 555 010 0002");
    expect(second.customer).toMatchObject({ verified: true, customerId: "C-1002", firstName: "James" });
    expect(second.reply).toMatch(/James/);
    expect(second.troubleshooting).toMatchObject({ procedureId: "mobile-no-service", status: "awaiting_customer" });
    expect(second.thisTurn.requestedActions.map((a) => a.actionId)).toEqual(["check_status_bar"]);
    expect(second.reply).toContain(second.thisTurn.requestedActions[0]!.ask);
    // The carrier side (account role) is checked before the phone (technical role).
    expect(second.trace.map((t) => t.node)).toEqual(expect.arrayContaining(["context", "intent", "planner", "account", "technical", "dialogue", "remember"]));

    // A hand-over pauses the thread: the run answers with the interrupt, the state holds the rest.
    const third = (await say("this is not working, I want to talk to a human")) as unknown as {
      __interrupt__: { value: { type: string; ticketId?: string; summary: string } }[];
    };
    expect(third.__interrupt__.map((i) => i.value.type)).toEqual(["handover"]);
    const ticketId = third.__interrupt__[0]!.value.ticketId;
    expect(ticketId).toMatch(/^T-/);
    expect(third.__interrupt__[0]!.value.summary).toContain("C-1002");

    const paused = await client.threads.getState(thread.thread_id);
    const pausedValues = paused.values as unknown as Values;
    expect(paused.next).toEqual(["await_human"]);
    expect(pausedValues.status).toBe("handed_over");
    expect(pausedValues.escalation?.ticketId).toBe(ticketId);
    expect(pausedValues.reply).toContain(ticketId);

    // A human agent's reply resumes it.
    const resumed = (await client.runs.wait(thread.thread_id, "support", {
      command: { resume: "Hi James, Sam here from Nimbus: I am checking the mast near you." },
    })) as unknown as Values;
    expect(resumed.escalation?.humanReply).toMatch(/Sam here/);
    expect(resumed.reply).toMatch(/Sam here/);
    expect((await client.threads.getState(thread.thread_id)).next).toEqual([]);
  });
});
