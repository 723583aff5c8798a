import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose, newDiagnosis, type CarrierFacts } from "../../src/diagnostics/layered.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import { createEngines } from "../../src/engines/llm/index.js";
import type { FallbackEvent } from "../../src/engines/llm/fallback.js";
import { SupportConfiguration } from "../../src/config/support-configuration.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { reply, startOpenAIStub, type OpenAIStub } from "../helpers/openai-stub.js";

/**
 * The LLM technical engine reads replies into the same ReplyReading as the local
 * one (one forced `reply_reading` call), and the layered diagnosis takes either
 * alike; a broken model answer falls back to the local reading.
 */
const CARRIER: CarrierFacts = { lineId: "L-1024", lineStatus: "active", contractEnded: false, overdueBill: null, pendingPayment: null, roamingOnLine: false, dataExhausted: false, outage: null };
const prompt = { version: 1, sections: DEFAULT_PROMPTS.technical };

describe("LLM technical engine: reading replies for the layered diagnosis", () => {
  let stub: OpenAIStub;
  beforeAll(async () => {
    stub = await startOpenAIStub();
  });
  afterAll(() => stub.close());

  function engines() {
    const config = SupportConfiguration.parse({ technicalEngine: "llm", model: "gpt-4o-mini", llmBaseUrl: stub.url, llmTimeoutMs: 5_000, llmMaxRetries: 0 });
    const fallbacks: FallbackEvent[] = [];
    const built = createEngines({ config, local: createLocalEngines(), onFallback: (e) => fallbacks.push(e), onLlmCall: () => undefined });
    return { technical: built.technical, fallbacks };
  }

  it("one forced reply_reading call, given the pending step; its reading moves the diagnosis like the local one", async () => {
    const { technical } = engines();
    stub.enqueue(reply.structured({ airplaneMode: "on", sim: "missing", service: "no_service", done: [], switched: [], partial: false }));
    const pendingAction = { actionId: "check_status_bar" as const, ask: "What does the top of your screen show?" };
    const reading = await technical.readReply({ message: "Airplane Mode: ON … and it says No SIM card", pendingAction, prompt });
    expect(stub.requests.at(-1)!.forcedTool).toBe("reply_reading");
    expect(stub.requests.at(-1)!.lastUser).toContain("check_status_bar");
    const start = diagnose(newDiagnosis({ layers: ["service"], abroad: false, os: "android", bestNetwork: "5G" }), null, CARRIER);
    const turn = diagnose(start.diagnosis, reading, CARRIER);
    expect(turn.decision).toMatchObject({ kind: "ask", step: { action: "airplane_mode_off" } });
    expect(turn.diagnosis.facts).toMatchObject({ airplaneMode: "on", sim: "missing" });
  });

  it("a malformed model answer falls back to the local reading of the same reply", async () => {
    const { technical, fallbacks } = engines();
    stub.enqueue(reply.malformed());
    const reading = await technical.readReply({ message: "Speed test failed: No Connection", prompt });
    expect(reading.speedTest).toEqual({ connected: false });
    expect(fallbacks.map((f) => f.method)).toEqual(["readReply"]);
  });
});
