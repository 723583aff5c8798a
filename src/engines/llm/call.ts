import { AsyncLocalStorage } from "node:async_hooks";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage, type ToolMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { z } from "zod";
import { describeProblems, findUntruthful } from "../../conversation/truthful-reply.js";
import { renderPromptText } from "../../memory/procedural.js";
import type { Role } from "../../memory/schemas.js";
import type { RolePrompt } from "../types.js";

/**
 * Every LLM answer in this project is a forced call to one function whose
 * parameters are a zod schema: LangChain's `withStructuredOutput(schema,
 * { method: "functionCalling", includeRaw: true })` builds the request for the
 * provider at hand, the raw message gives the token usage, and the same zod
 * schema validates the arguments. Function calling (not a json_schema response
 * format) because it works alike on OpenAI, Anthropic, Ollama and vLLM and can sit
 * next to real tools in one request (the technical engine).
 */

// The run config (thread id, callbacks) reaches tools and accounting through
// LangChain's async-local storage; LangGraph initializes it too (idempotent).
AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new AsyncLocalStorage());

/** A chat model, or one still being built by `createChatModel` (a failure to build surfaces at the first call). */
export type ChatModelSource = BaseChatModel | Promise<BaseChatModel>;

// ---------- accounting ----------

/** What one chat completion cost; reported whether or not its answer was usable. */
export interface ModelCallStats {
  ok: boolean;
  ms: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  error?: string;
}

/** One chat completion made by a role engine. */
export interface LlmCall extends ModelCallStats {
  role: Role;
  /** Engine method, e.g. "analyze", "chooseProcedure". */
  method: string;
  /** The conversation, when the engine runs inside a graph run. */
  threadId?: string;
}
export type OnLlmCall = (call: LlmCall) => void;

export interface CallOptions {
  /** Deadline of one model call, retries included, on any provider (LangChain's RunnableConfig `timeout`). */
  timeoutMs?: number;
  onCall?: (stats: ModelCallStats) => void;
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

/** The chat model could not be built (no key, unknown provider). */
export class LlmUnavailableError extends Error {
  override name = "LlmUnavailableError";
}

// ---------- the calls ----------

export interface AnswerSpec<S extends z.ZodType> {
  /** Function name the model calls with its answer. */
  name: string;
  description: string;
  schema: S;
}

/**
 * One forced function call, exactly one chat completion: the validated answer,
 * or an LlmOutputError (malformed or schema-invalid arguments), or the client's
 * own error (timeout, 429 after retries, network). `classifyLlmError` names it.
 */
export async function structuredCall<S extends z.ZodType>(source: ChatModelSource, spec: AnswerSpec<S>, messages: BaseMessage[], options: CallOptions = {}): Promise<z.output<S>> {
  const model = await source;
  const structured = model.withStructuredOutput(described(spec), {
    name: spec.name,
    method: "functionCalling",
    includeRaw: true,
  }) as Runnable<BaseMessage[], { raw: AIMessage; parsed: unknown }>;
  const { raw, parsed } = await invokeModel(structured, messages, options, (out) => out.raw);
  return answerOf(raw, parsed, spec);
}

// One described schema per spec and description, so LangChain's JSON-schema cache (keyed by schema object) hits.
const describedSchemas = new WeakMap<z.ZodType, Map<string, z.ZodType>>();
function described(spec: AnswerSpec<z.ZodType>): z.ZodType {
  const byText = describedSchemas.get(spec.schema) ?? new Map<string, z.ZodType>();
  describedSchemas.set(spec.schema, byText);
  const schema = byText.get(spec.description) ?? spec.schema.describe(spec.description);
  byText.set(spec.description, schema);
  return schema;
}

/**
 * The answer function next to executable tools: one chat completion when the
 * model answers at once; otherwise at most MAX_TOOL_CALLS_PER_ROUND of its tool
 * calls run (with the ambient run config, so `configurable.thread_id` reaches the
 * backend) and a forced `structuredCall` gives the answer. At most two calls.
 */
export async function structuredCallWithTools<S extends z.ZodType>(
  source: ChatModelSource,
  spec: AnswerSpec<S>,
  messages: BaseMessage[],
  tools: StructuredToolInterface[],
  options: CallOptions = {},
): Promise<{ answer: z.output<S>; toolResults: ToolMessage[] }> {
  if (tools.length === 0) return { answer: await structuredCall(source, spec, messages, options), toolResults: [] };
  const model = await source;
  if (typeof model.bindTools !== "function") throw new Error("the chat model does not support tool calling");
  const answerTool = { name: spec.name, description: spec.description, schema: spec.schema };
  const withTools = model.bindTools([...tools, answerTool], { tool_choice: "required" }) as Runnable<BaseMessage[], AIMessage>;
  const first = await invokeModel(withTools, messages, options, (message) => message);
  const calls = first.tool_calls ?? [];
  const toolCalls = calls.filter((call) => call.name !== spec.name);
  if (toolCalls.length === 0 || toolCalls.length < calls.length) return { answer: answerOf(first, null, spec), toolResults: [] };
  // One round, run by LangGraph's ToolNode: an unknown or failing tool becomes an error ToolMessage the model reads.
  const round = new AIMessage({ content: first.content, tool_calls: toolCalls.slice(0, MAX_TOOL_CALLS_PER_ROUND) });
  const toolResults = (await new ToolNode(tools).invoke([round])) as ToolMessage[];
  const answer = await structuredCall(model, spec, [...messages, round, ...toolResults], options);
  return { answer, toolResults };
}

/** Most tool calls of one round the technical engine executes. */
export const MAX_TOOL_CALLS_PER_ROUND = 4;

async function invokeModel<T>(runnable: Runnable<BaseMessage[], T>, messages: BaseMessage[], options: CallOptions, rawOf: (output: T) => AIMessage): Promise<T> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const output = await runnable.invoke(messages, options.timeoutMs ? { timeout: options.timeoutMs } : undefined);
    const usage = rawOf(output).usage_metadata;
    report(options, {
      ok: true,
      ms: ms(),
      inputTokens: usage?.input_tokens ?? 0,
      outputTokens: usage?.output_tokens ?? 0,
      totalTokens: usage?.total_tokens ?? 0,
    });
    return output;
  } catch (err) {
    report(options, { ok: false, ms: ms(), inputTokens: 0, outputTokens: 0, totalTokens: 0, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

function report(options: CallOptions, stats: ModelCallStats): void {
  try {
    options.onCall?.(stats);
  } catch {
    // Accounting must never break a turn.
  }
}

/**
 * LangChain's parser gives `parsed` (null when it failed); the zod schema has the
 * last word either way, and the raw message says why there is no answer.
 */
function answerOf<S extends z.ZodType>(raw: AIMessage, parsed: unknown, spec: AnswerSpec<S>): z.output<S> {
  let args: unknown = parsed;
  if (args === null || args === undefined) {
    const call = raw.tool_calls?.find((c) => c.name === spec.name);
    if (!call) {
      const broken = raw.invalid_tool_calls?.some((c) => c.name === spec.name);
      throw new LlmOutputError("malformed_output", `${spec.name}: ${broken ? "the arguments are not valid JSON" : "the model gave no structured answer"}`);
    }
    args = call.args;
  }
  const result = spec.schema.safeParse(args);
  if (!result.success) throw new LlmOutputError("invalid_output", `${spec.name}: ${z.prettifyError(result.error)}`);
  return result.data;
}

// ---------- role engines ----------

/** The role prompt as the system message, the input as one compact JSON user message. */
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
    const entries = Object.entries(value)
      .map(([key, v]) => [key, compact(v)] as const)
      .filter(([, c]) => c !== undefined && c !== null && !(typeof c === "object" && Object.keys(c).length === 0));
    return Object.fromEntries(entries);
  }
  return value;
}

export interface LlmEngineOptions {
  model: ChatModelSource;
  /** Deadline of one model call (`llmTimeoutMs`). */
  timeoutMs?: number;
  onLlmCall?: OnLlmCall;
}

/** What the role engines share: their prompts become messages, and every call is counted under role and method. */
export abstract class LlmRoleEngine {
  abstract readonly role: Role;
  constructor(protected readonly options: LlmEngineOptions) {}

  protected ask<S extends z.ZodType>(method: string, prompt: RolePrompt, spec: AnswerSpec<S>, input: unknown): Promise<z.output<S>> {
    return structuredCall(this.options.model, spec, promptMessages(prompt, spec.name, input), this.callOptions(method));
  }

  protected askWithTools<S extends z.ZodType>(method: string, prompt: RolePrompt, spec: AnswerSpec<S>, input: unknown, tools: StructuredToolInterface[]) {
    return structuredCallWithTools(this.options.model, spec, promptMessages(prompt, spec.name, input), tools, this.callOptions(method));
  }

  private callOptions(method: string): CallOptions {
    return {
      timeoutMs: this.options.timeoutMs,
      onCall: (stats) => this.options.onLlmCall?.({ role: this.role, method, threadId: currentThreadId(), ...stats }),
    };
  }
}

/** A text the customer will read, held to what happened (src/conversation/truthful-reply.ts); otherwise `untruthful_reply`. */
export function requireTruthful(where: string, text: string, facts: Parameters<typeof findUntruthful>[1]): void {
  const problems = findUntruthful(text, facts);
  if (problems.length > 0) throw new LlmOutputError("untruthful_reply", `${where}: ${describeProblems(problems)}`);
}

function currentThreadId(): string | undefined {
  const id = AsyncLocalStorageProviderSingleton.getRunnableConfig()?.configurable?.thread_id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}
