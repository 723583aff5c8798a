import type { StructuredToolInterface } from "@langchain/core/tools";
import { createBackendTools, type BackendToolName } from "../../backend/tools.js";
import type { TelecomBackend } from "../../backend/types.js";
import { ReplyReading } from "../../domain/customer-actions.js";
import {
  AnswerInterpretation,
  ProcedureChoice,
  type ChooseProcedureInput,
  type InterpretInput,
  type ReadReplyInput,
  type TechnicalEngine,
} from "../types.js";
import { LlmOutputError, LlmRoleEngine, type LlmEngineOptions } from "./call.js";

/**
 * Carrier checks the LLM technical engine may run on its own: reads only. Account
 * actions (roaming, top-ups, resuming a line, ...) stay with the procedures and
 * the policy-checked graph nodes, never with a free model call.
 */
export const TECHNICAL_READ_ONLY_TOOLS: readonly BackendToolName[] = [
  "get_verified_customer",
  "get_line",
  "get_usage",
  "list_devices",
  "check_network_status",
  "get_line_status",
  "run_broadband_line_test",
];

export interface LlmTechnicalEngineOptions extends LlmEngineOptions {
  /** The carrier; when given, `chooseProcedure` offers its read-only check tools to the model. */
  backend?: TelecomBackend;
}

/**
 * Diagnosis by the model.
 * - `interpret`: one forced `answer_interpretation` call.
 * - `chooseProcedure`: with a backend, one call offering the read-only carrier
 *   tools and the `procedure_choice` answer (tool_choice "required"); when the
 *   model calls carrier tools they are executed with the run's config (thread id)
 *   and a second, forced call gives the choice. So one or two calls; without a
 *   backend, one forced call.
 */
export class LlmTechnicalEngine extends LlmRoleEngine implements TechnicalEngine {
  readonly role = "technical";
  readonly tools: StructuredToolInterface[];

  constructor(options: LlmTechnicalEngineOptions) {
    super(options);
    this.tools = options.backend
      ? createBackendTools(options.backend).filter((t) => (TECHNICAL_READ_ONLY_TOOLS as readonly string[]).includes(t.name))
      : [];
  }

  interpret(input: InterpretInput): Promise<AnswerInterpretation> {
    const { step, procedure } = input;
    return this.ask(
      "interpret",
      input.prompt,
      {
        name: "answer_interpretation",
        description: "What the customer's answer to the device-side step shows, as one observation, with your confidence.",
        schema: AnswerInterpretation,
      },
      {
        message: input.message,
        procedure: { id: procedure.id, title: procedure.title, layer: procedure.layer },
        step: { id: step.id, action: step.action, ask: step.ask, expectedObservations: step.branches.map((b) => b.when) },
      },
    );
  }

  /**
   * One forced `reply_reading` call: the same ReplyReading the local engine
   * produces, so the layered diagnosis reads LLM and local answers alike. The
   * step the reply answers is given so it is matched against first.
   */
  readReply(input: ReadReplyInput): Promise<ReplyReading> {
    return this.ask(
      "readReply",
      input.prompt,
      {
        name: "reply_reading",
        description:
          "Every observation the customer's reply carries about their phone: each setting's final state (\"was on, turned it off\" is off; \"no VPN\" is off), the status bar (bars, network type, No SIM, SOS), a speed test (\"failed: No Connection\" is connected=false), whether a picture message was sent or failed, what they did (restart, reset APN...), and whether they ask how, why, or cannot find the setting. Leave out what the reply does not mention.",
        schema: ReplyReading,
      },
      { message: input.message, pendingStep: input.pendingAction ? { action: input.pendingAction.actionId, ask: input.pendingAction.ask } : null },
    );
  }

  async chooseProcedure(input: ChooseProcedureInput): Promise<ProcedureChoice> {
    const { answer } = await this.askWithTools(
      "chooseProcedure",
      input.prompt,
      {
        name: "procedure_choice",
        description: "The diagnostic procedure to start (a candidate id, or null when none fits) and candidates for other faults described.",
        schema: ProcedureChoice,
      },
      {
        message: input.message,
        intent: { primary: input.intent.primary, secondary: input.intent.secondary, entities: input.intent.entities },
        candidates: input.candidates.map((c) => ({
          id: c.procedure.id,
          title: c.procedure.title,
          layer: c.procedure.layer,
          matchedSymptom: c.matchedSymptom,
          similarity: Number(c.similarity.toFixed(3)),
        })),
      },
      this.tools,
    );
    // Only retrieved procedures can be run: an invented id is an invalid answer, unknown extras are dropped.
    const known = new Set(input.candidates.map((c) => c.procedure.id));
    if (answer.procedureId !== null && !known.has(answer.procedureId))
      throw new LlmOutputError("invalid_output", `procedure_choice: "${answer.procedureId}" is not a candidate procedure`);
    const others = [...new Set(answer.others)].filter((id) => known.has(id) && id !== answer.procedureId);
    return { procedureId: answer.procedureId, others };
  }
}
