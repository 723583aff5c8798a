import { LocalEmbeddings } from "../../embeddings/index.js";
import type { IntentLabel } from "../../domain/support.js";
import type { RoleEngines } from "../types.js";
import { LocalDialogueEngine } from "./dialogue.js";
import type { DateOrder } from "./entities.js";
import { LocalIntentEngine } from "./intent.js";
import { LocalKnowledgeEngine } from "./knowledge.js";
import { LocalPlannerEngine } from "./planner.js";
import { LocalTechnicalEngine } from "./technical.js";

export interface LocalEnginesOptions {
  /** The local embedder to share (recommended: the one memory uses); a new one is made when absent. */
  embeddings?: LocalEmbeddings;
  /** Extra labelled examples per intent, merged with the built-in ones. */
  intentExamples?: Partial<Record<IntentLabel, readonly string[]>>;
  /** How ambiguous numeric dates (04/07/1990) are read; default day first. */
  dateOrder?: DateOrder;
  /** Knowledge: below this best retrieval score a question counts as not covered (default 0.3). */
  knowledgeMinScore?: number;
}

/** The local engines for every role: no network, deterministic, fast. */
export function createLocalEngines(options: LocalEnginesOptions = {}): RoleEngines {
  const embeddings = options.embeddings ?? new LocalEmbeddings();
  return {
    intent: new LocalIntentEngine({ embeddings, examples: options.intentExamples, dateOrder: options.dateOrder }),
    planner: new LocalPlannerEngine(),
    technical: new LocalTechnicalEngine(),
    knowledge: new LocalKnowledgeEngine({ embeddings, minPassageScore: options.knowledgeMinScore }),
    dialogue: new LocalDialogueEngine(),
  };
}

export { LocalIntentEngine, LocalPlannerEngine, LocalTechnicalEngine, LocalKnowledgeEngine, LocalDialogueEngine };
export { INTENT_EXAMPLES } from "./intent-examples.js";
export { readGuidelines, type GuidelineKnobs } from "./guidelines.js";
export { extractEntities } from "./entities.js";
export { interpretAnswer } from "./interpret.js";
export { INTENT_PROCEDURES } from "./technical.js";
