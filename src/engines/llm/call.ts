import { AsyncLocalStorage } from "node:async_hooks";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { z } from "zod";
import { renderPromptText } from "../../memory/procedural.js";
import type { Role } from "../../memory/schemas.js";
import type { RolePrompt } from "../types.js";

/**
 * What every LLM engine shares: the role prompt as the system message, the
 * inputs as one compact JSON user message, the answer as a forced call to one
 * function whose parameters are the zod schema (as JSON schema, input side, so
 * `.default()` fields are optional), validated with that same zod schema.
 *
 * Function calling rather than `withStructuredOutput`'s default json_schema
 * response format: it works the same on OpenAI, Azure, Ollama and vLLM, it
 * accepts zod defaults/optionals without OpenAI's strict-mode rules, it can sit
 * next to real tools in one request (the technical engine), and it keeps the raw
 * AIMessage, whose `usage_metadata` the engines count.
 */

// The run config (thread id, callbacks) reaches tools and accounting through
// LangChain's async-local storage; LangGraph initializes it too (idempotent).
AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new AsyncLocalStorage());

// ---------- accounting ----------

/** One chat completion made by an engine. */
export interface LlmCall {
  role: Role;
  /** Engine method, e.g. "analyze", "chooseProcedure". */
  method: string;
  ok: boolean;
  ms: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** The conversation, when the engine runs inside a graph run. */
  threadId?: string;
  error?: string;
}
export type OnLlmCall = (call: LlmCall) => void;

/** Running totals of one engine (safe under concurrency, unlike a "last call" slot). */
export class LlmUsage {
  calls = 0;
  failedCalls = 0;
  inputTokens = 0;
  outputTokens = 0;
  totalTokens = 0;
  last: LlmCall | undefined;

  record(call: LlmCall): void {
    this.calls += 1;
    if (!call.ok) this.failedCalls += 1;
    this.inputTokens += call.inputTokens;
    this.outputTokens += call.outputTokens;
    this.totalTokens += call.totalTokens;
    this.last = call;
  }
}

// ---------- errors ----------

/** untruthful_reply: a customer-facing text claims what did not happen, drops a price, or shows internal text (src/conversation/truthful-reply.ts). */
export type LlmOutputProblem = "malformed_output" | "invalid_output" | "untruthful_reply";

/** The model answered, but not with something the schema accepts. */
export class LlmOutputError extends Error {
  override name = "LlmOutputError";
  constructor(
    readonly kind: LlmOutputProblem,
    message: string,
  ) {
    super(message);
  }
}

// ---------- request building ----------

export interface AnswerSpec<S extends z.ZodType> {
  /** Function name the model calls with its answer. */
  name: string;
  description: string;
  schema: S;
}

export function answerTool(spec: AnswerSpec<z.ZodType>) {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(spec.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { type: "function" as const, function: { name: spec.name, description: spec.description, parameters } };
}

export function promptMessages(prompt: RolePrompt, answerName: string, input: unknown): BaseMessage[] {
  return [
    new SystemMessage(renderPromptText(prompt)),
    new HumanMessage(`Answer by calling ${answerName}. Input as JSON:\n${JSON.stringify(compact(input))}`),
  ];
}

/** Drops undefined, null and empty arrays/objects so the user message stays small. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const c = compact(v);
      if (c === undefined || c === null) continue;
      if (Array.isArray(c) && c.length === 0) continue;
      if (typeof c === "object" && !Array.isArray(c) && Object.keys(c as object).length === 0) continue;
      out[key] = c;
    }
    return out;
  }
  return value;
}

// ---------- answer parsing ----------

export function parseAnswer<S extends z.ZodType>(message: AIMessage, spec: AnswerSpec<S>): z.output<S> {
  const call = message.tool_calls?.find((c) => c.name === spec.name);
  let raw: unknown;
  if (call) raw = call.args;
  else if (message.invalid_tool_calls?.some((c) => c.name === spec.name))
    throw new LlmOutputError("malformed_output", `${spec.name}: arguments are not valid JSON`);
  else {
    // Some OpenAI-compatible servers put the JSON in the content instead.
    const text = textOf(message.content).trim().replace(/^```(?:json)?\s*|\s*```$/g, "");
    if (!text) throw new LlmOutputError("malformed_output", `${spec.name}: the model gave no structured answer`);
    try {
      raw = JSON.parse(text);
    } catch {
      throw new LlmOutputError("malformed_output", `${spec.name}: the answer is not valid JSON`);
    }
  }
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new LlmOutputError("invalid_output", `${spec.name}: ${issues}`);
  }
  return parsed.data;
}

function textOf(content: AIMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}

// ---------- the engine base ----------

export interface LlmEngineOptions {
  model: BaseChatModel;
  onLlmCall?: OnLlmCall;
}

/** Most tool calls of one round the technical engine executes. */
export const MAX_TOOL_CALLS_PER_ROUND = 4;

export abstract class LlmRoleEngine {
  readonly usage = new LlmUsage();

  constructor(
    readonly role: Role,
    protected readonly options: LlmEngineOptions,
  ) {}

  /** The most recent call of this engine (any conversation); prefer `onLlmCall` under concurrency. */
  get lastCallStats(): LlmCall | undefined {
    return this.usage.last;
  }

  /** One forced function call: exactly one chat completion. */
  protected async structured<S extends z.ZodType>(method: string, prompt: RolePrompt, spec: AnswerSpec<S>, input: unknown): Promise<z.output<S>> {
    const tool = answerTool(spec);
    const message = await this.complete(method, this.bind([tool], { type: "function", function: { name: spec.name } }), promptMessages(prompt, spec.name, input));
    return parseAnswer(message, spec);
  }

  /**
   * The answer function next to executable tools: one chat completion when the
   * model answers at once; otherwise its tool calls are executed (with the run's
   * config, so `configurable.thread_id` reaches the backend) and a second,
   * forced completion gives the answer. At most two calls.
   */
  protected async structuredWithTools<S extends z.ZodType>(
    method: string,
    prompt: RolePrompt,
    spec: AnswerSpec<S>,
    input: unknown,
    tools: StructuredToolInterface[],
  ): Promise<{ answer: z.output<S>; toolResults: ToolMessage[] }> {
    if (tools.length === 0) return { answer: await this.structured(method, prompt, spec, input), toolResults: [] };
    const definitions = [...tools, answerTool(spec)];
    const messages = promptMessages(prompt, spec.name, input);
    const first = await this.complete(method, this.bind(definitions, "required"), messages);
    const calls = first.tool_calls ?? [];
    const toolCalls = calls.filter((c) => c.name !== spec.name);
    if (calls.some((c) => c.name === spec.name) || toolCalls.length === 0) return { answer: parseAnswer(first, spec), toolResults: [] };

    const byName = new Map(tools.map((t) => [t.name, t]));
    const toolResults: ToolMessage[] = [];
    for (const [index, call] of toolCalls.entries()) {
      const id = call.id ?? `call_${index}`;
      const tool = byName.get(call.name);
      if (!tool || index >= MAX_TOOL_CALLS_PER_ROUND) {
        const reason = tool ? "too many tool calls in one round" : `no tool named ${call.name}`;
        toolResults.push(new ToolMessage({ tool_call_id: id, name: call.name, content: JSON.stringify({ ok: false, reason }) }));
        continue;
      }
      // Invoked with a ToolCall, a tool returns a ToolMessage; the run config (configurable.thread_id) is the ambient one.
      const result: unknown = await tool.invoke({ ...call, id, type: "tool_call" }, AsyncLocalStorageProviderSingleton.getRunnableConfig());
      toolResults.push(
        result instanceof ToolMessage ? result : new ToolMessage({ tool_call_id: id, name: call.name, content: typeof result === "string" ? result : JSON.stringify(result) }),
      );
    }
    const second = await this.complete(
      method,
      this.bind(definitions, { type: "function", function: { name: spec.name } }),
      [...messages, first, ...toolResults],
    );
    return { answer: parseAnswer(second, spec), toolResults };
  }

  private bind(tools: unknown[], toolChoice: unknown): Runnable<BaseMessage[], AIMessage> {
    const model = this.options.model;
    if (typeof model.bindTools !== "function") throw new Error(`${this.role}: the chat model does not support tool calling`);
    return model.bindTools(tools as never, { tool_choice: toolChoice } as never) as unknown as Runnable<BaseMessage[], AIMessage>;
  }

  private async complete(method: string, runnable: Runnable<BaseMessage[], AIMessage>, messages: BaseMessage[]): Promise<AIMessage> {
    const started = Date.now();
    const threadId = currentThreadId();
    try {
      const message = await runnable.invoke(messages);
      const usage = message.usage_metadata;
      this.report({
        role: this.role,
        method,
        ok: true,
        ms: Date.now() - started,
        inputTokens: usage?.input_tokens ?? 0,
        outputTokens: usage?.output_tokens ?? 0,
        totalTokens: usage?.total_tokens ?? (usage ? usage.input_tokens + usage.output_tokens : 0),
        threadId,
      });
      return message;
    } catch (err) {
      this.report({ role: this.role, method, ok: false, ms: Date.now() - started, inputTokens: 0, outputTokens: 0, totalTokens: 0, threadId, error: (err as Error)?.message });
      throw err;
    }
  }

  private report(call: LlmCall): void {
    this.usage.record(call);
    try {
      this.options.onLlmCall?.(call);
    } catch {
      // Accounting must never break a turn.
    }
  }
}

function currentThreadId(): string | undefined {
  const id = AsyncLocalStorageProviderSingleton.getRunnableConfig()?.configurable?.thread_id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}
