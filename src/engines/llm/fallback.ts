import { RunnableLambda } from "@langchain/core/runnables";
import type { Role } from "../../memory/schemas.js";
import type { RoleEngines } from "../types.js";
import { LlmOutputError, LlmUnavailableError } from "./call.js";

export type FallbackReason =
  | "timeout"
  | "rate_limit"
  | "malformed_output"
  | "invalid_output"
  | "untruthful_reply"
  | "network"
  | "server_error"
  | "unavailable"
  | "error";

/** Reported each time the local engine answers a step instead of the LLM engine. */
export interface FallbackEvent {
  role: Role;
  method: string;
  reason: FallbackReason;
  /** The error message, for the trace ("fallback" field) and logs. */
  detail: string;
}
export type OnFallback = (event: FallbackEvent) => void;

/** The methods of each role's interface, i.e. the steps that can fall back. */
export const ROLE_METHODS = {
  intent: ["analyze"],
  planner: ["plan"],
  technical: ["interpret", "readReply", "chooseProcedure"],
  knowledge: ["synthesize"],
  dialogue: ["compose"],
} as const satisfies { [R in keyof RoleEngines]: readonly (keyof RoleEngines[R])[] };

type Step = (input: unknown) => Promise<unknown>;
const stepOf = (engine: object, method: string): Step => (input) => (engine as Record<string, Step>)[method]!.call(engine, input);

/**
 * The LLM engine of a role with the local engine behind it, as LangChain's
 * `withFallbacks`: any failure of an LLM step (timeout, 429 after the client's
 * retries, network or server error, malformed, schema-invalid or untruthful
 * output, no model) is reported through `onFallback` with its reason, and the
 * local engine answers that step. Errors of the local engine propagate.
 */
export function withFallback<R extends keyof RoleEngines>(role: R, llm: RoleEngines[R], local: RoleEngines[R], onFallback?: OnFallback): RoleEngines[R] {
  const wrapped: Record<string, Step> = {};
  for (const method of ROLE_METHODS[role] as readonly string[]) {
    const llmStep = stepOf(llm, method);
    // withFallbacks does not hand the error to the fallback, so the LLM step reports it on its way out.
    const model = RunnableLambda.from(async (input: unknown) => {
      try {
        return await llmStep(input);
      } catch (err) {
        try {
          onFallback?.({ role, method, reason: classifyLlmError(err), detail: err instanceof Error ? err.message : String(err) });
        } catch {
          // Reporting must never lose the turn.
        }
        throw err;
      }
    });
    const step = model.withFallbacks([RunnableLambda.from(stepOf(local, method))]).withConfig({ runName: `${role}.${method}` });
    wrapped[method] = (input) => step.invoke(input);
  }
  return wrapped as unknown as RoleEngines[R];
}

/** Maps an error of a chat model call (LangChain, the openai SDK, an abort on timeout) to a fallback reason. */
export function classifyLlmError(err: unknown): FallbackReason {
  if (err instanceof LlmOutputError) return err.kind;
  if (err instanceof LlmUnavailableError) return "unavailable";
  const e = (err ?? {}) as { name?: unknown; message?: unknown; status?: unknown; lc_error_code?: unknown };
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : "";
  const status = typeof e.status === "number" ? e.status : undefined;
  if (name === "TimeoutError" || name === "APIConnectionTimeoutError" || /timed? ?out/i.test(message)) return "timeout";
  if (status === 429 || e.lc_error_code === "MODEL_RATE_LIMIT" || /RateLimit/.test(name)) return "rate_limit";
  if (status !== undefined && status >= 500) return "server_error";
  if (status !== undefined) return "error";
  if (name === "APIConnectionError" || /ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed|Connection error/i.test(message)) return "network";
  if (/Unable to import|Unsupported \{ modelProvider|Unable to infer model provider/.test(message)) return "unavailable";
  return "error";
}
