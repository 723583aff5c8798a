import type { Role } from "../../memory/schemas.js";
import type { RoleEngines } from "../types.js";
import { LlmOutputError } from "./call.js";

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

/**
 * The LLM engine of a role with the local engine behind it: any failure of an
 * LLM step (timeout, 429 after the client's retries, network or server error,
 * malformed or schema-invalid output) is reported through `onFallback` and that
 * step is answered by the local engine. Errors of the local engine propagate.
 */
export function withFallback<R extends keyof RoleEngines>(
  role: R,
  llm: RoleEngines[R],
  local: RoleEngines[R],
  onFallback?: OnFallback,
): RoleEngines[R] {
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of ROLE_METHODS[role] as readonly string[]) {
    const call = (engine: RoleEngines[R], input: unknown) =>
      (engine as unknown as Record<string, (input: unknown) => Promise<unknown>>)[method]!.call(engine, input);
    wrapped[method] = async (input: unknown) => {
      try {
        return await call(llm, input);
      } catch (err) {
        const event: FallbackEvent = { role, method, reason: classifyLlmError(err), detail: messageOf(err) };
        try {
          onFallback?.(event);
        } catch {
          // Reporting must never lose the turn.
        }
        return call(local, input);
      }
    };
  }
  return wrapped as unknown as RoleEngines[R];
}

/** Maps an error of a chat model call (through @langchain/openai and the openai SDK) to a fallback reason. */
export function classifyLlmError(err: unknown): FallbackReason {
  if (err instanceof LlmOutputError) return err.kind;
  const e = (err ?? {}) as { name?: unknown; message?: unknown; status?: unknown; code?: unknown; lc_error_code?: unknown; cause?: unknown };
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : "";
  const status = typeof e.status === "number" ? e.status : undefined;
  if (name === "TimeoutError" || /timed? ?out/i.test(message) || name === "APIConnectionTimeoutError") return "timeout";
  if (status === 429 || e.lc_error_code === "MODEL_RATE_LIMIT" || /RateLimit/.test(name)) return "rate_limit";
  if (status !== undefined && status >= 500) return "server_error";
  if (status !== undefined) return "error";
  if (name === "APIConnectionError" || /ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed|Connection error/i.test(message)) return "network";
  return "error";
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
