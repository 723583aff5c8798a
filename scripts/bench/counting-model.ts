/**
 * A chat model for counting LLM calls without a network: every call is recorded
 * with the graph step and node it ran in (from LangGraph's run metadata), and
 * answered with what the role's local engine would decide for the same input,
 * so a turn on "LLM" engines follows a realistic path.
 */
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { RunnableLambda } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { IntentAnalysis, Troubleshooting, type KnowledgeFindings } from "../../src/domain/support.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import { interpretAnswer } from "../../src/engines/local/interpret.js";
import { chooseProcedureSync } from "../../src/engines/local/technical.js";
import { CustomerState } from "../../src/conversation/state.js";
import type { Role } from "../../src/memory/schemas.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";

export interface CountedCall {
  answer: string;
  node: string;
  step: number;
}

type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const local = createLocalEngines();
const prompt = (role: Role) => ({ version: 0, sections: DEFAULT_PROMPTS[role] });

/** The answer the local engine gives, in the shape of the answer function's arguments. */
const ANSWERS: Record<string, (input: Input) => Promise<unknown>> = {
  intent_analysis: (i) => local.intent.analyze({ message: i.message ?? "", recent: i.recent ?? [], pendingAction: i.pendingAction, prompt: prompt("intent") }),
  plan_decision: (i) =>
    local.planner.plan({
      // The engines send compact JSON (empty lists and nulls dropped): the schemas restore the defaults.
      intent: IntentAnalysis.parse(i.intent),
      customer: CustomerState.parse(i.customer ?? {}),
      troubleshooting: i.troubleshooting ? Troubleshooting.parse(i.troubleshooting) : null,
      knowledge: i.knowledge ? ({ query: "", citations: [], passages: [], answer: i.knowledge.answer ?? "", covered: Boolean(i.knowledge.covered) } as KnowledgeFindings) : null,
      escalation: i.escalation ?? null,
      taken: i.taken ?? [],
      needsIdentity: Boolean(i.needsIdentity),
      thresholds: i.thresholds ?? { clarifyBelow: 0.8, handoverBelow: 0.4 },
      prompt: prompt("planner"),
    }),
  answer_interpretation: async (i) =>
    interpretAnswer(
      i.message ?? "",
      { id: i.procedure?.id, title: i.procedure?.title, layer: i.procedure?.layer } as never,
      { kind: "customer_action", id: i.step?.id, action: i.step?.action, ask: i.step?.ask, branches: (i.step?.expectedObservations ?? []).map((when: string) => ({ when, next: "" })) } as never,
    ),
  procedure_choice: async (i) =>
    chooseProcedureSync({
      message: i.message ?? "",
      intent: { primary: i.intent?.primary, secondary: i.intent?.secondary ?? [] } as IntentAnalysis,
      candidates: (i.candidates ?? []).map((c: Input) => ({ procedure: { id: c.id }, similarity: c.similarity, matchedSymptom: c.matchedSymptom })),
      prompt: prompt("technical"),
    }),
  knowledge_findings: async (i) => {
    const passages: Input[] = i.passages ?? [];
    return { answer: passages[0]?.text?.slice(0, 300) ?? "Nothing in the knowledge base covers that.", covered: passages.length > 0, cited: passages.length ? [1] : [] };
  },
  dialogue_reply: async (i) => ({ reply: i.knowledge?.answer ? `Here is what I found: ${i.knowledge.answer}` : "Thanks, I am on it." }),
};

export class CountingChatModel extends BaseChatModel {
  readonly calls: CountedCall[] = [];

  _llmType(): string {
    return "counting-fake";
  }

  async _generate(): Promise<ChatResult> {
    throw new Error("CountingChatModel answers only through bindTools (forced function calls)");
  }

  override bindTools(tools: unknown[], kwargs?: { tool_choice?: unknown }) {
    const names = tools.map((t) => (t as { function?: { name?: string }; name?: string }).function?.name ?? (t as { name?: string }).name ?? "");
    const choice = kwargs?.tool_choice as { function?: { name?: string } } | string | undefined;
    // Forced: the named function; "required": the answer function, which the engines list last.
    const answer = typeof choice === "object" && choice?.function?.name ? choice.function.name : names.at(-1)!;
    return RunnableLambda.from(async (messages: BaseMessage[]) => {
      const metadata = AsyncLocalStorageProviderSingleton.getRunnableConfig()?.metadata ?? {};
      this.calls.push({ answer, node: String(metadata.langgraph_node ?? "?"), step: Number(metadata.langgraph_step ?? -1) });
      const text = String(messages.at(-1)?.content ?? "");
      const input = JSON.parse(text.slice(text.indexOf("{"))) as Input;
      const respond = ANSWERS[answer];
      if (!respond) return new AIMessage({ content: "" }); // unknown function: the engine falls back, and says so
      return new AIMessage({ content: "", tool_calls: [{ name: answer, args: (await respond(input)) as Record<string, unknown>, id: `call_${this.calls.length}`, type: "tool_call" }] });
    }) as never;
  }
}
