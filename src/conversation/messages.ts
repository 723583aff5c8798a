import { isAIMessage, isHumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatTurn } from "../engines/types.js";

/** The customer's message of this turn (the last one they sent). */
export function lastCustomerMessage(messages: BaseMessage[]): string {
  return [...messages].reverse().find((m) => isHumanMessage(m))?.text ?? "";
}

/** The agent's reply before this turn, when there is one. */
export function lastAgentReply(messages: BaseMessage[]): string | undefined {
  return [...messages].reverse().find((m) => isAIMessage(m))?.text;
}

/** Recent turns before the current message, oldest first. */
export function recentTurns(messages: BaseMessage[], limit = 6): ChatTurn[] {
  return messages
    .slice(0, -1)
    .filter((m) => isHumanMessage(m) || isAIMessage(m))
    .slice(-limit)
    .map((m) => ({ role: isHumanMessage(m) ? "customer" : "agent", text: m.text }));
}
