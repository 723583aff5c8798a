import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { AIMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";

/** What the graph hands to whoever resumes it after a hand-over. */
export interface HandoverInterrupt {
  type: "handover";
  ticketId?: string;
  reason: string;
  summary: string;
}

const HumanReply = z.union([z.string(), z.object({ reply: z.string() })]);

/**
 * Pauses the thread after a hand-over (LangGraph `interrupt`). A human agent's
 * reply, given as `new Command({ resume: "text" })`, is added to the conversation
 * and the thread goes on from there.
 */
export async function awaitHumanNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
  const escalation = state.escalation!;
  const payload: HandoverInterrupt = { type: "handover", ticketId: escalation.ticketId, reason: escalation.reason, summary: escalation.summary };
  const resumed = HumanReply.safeParse(interrupt(payload));
  const text = resumed.success ? (typeof resumed.data === "string" ? resumed.data : resumed.data.reply).trim() : "";
  if (!text) return {};
  config.writer?.({ type: "human", text });
  return {
    messages: [new AIMessage({ content: text, name: "human_agent" })],
    escalation: { ...escalation, humanReply: text },
    reply: text,
  };
}
