import type { Role } from "../memory/schemas.js";
import type { NeedKind } from "./outcome.js";
import type { ConversationScores, EpisodeScores, ScoreName } from "./schemas.js";

/**
 * Which role answers for which score.
 * - planner: whether the need was met, when to clarify (questions asked twice), when to hand over, how long it took;
 * - intent: whether the need was met and questions asked twice (a misread request gets the wrong answer or a clarification loop);
 * - technical: the need of a troubleshooting conversation, the completeness of the diagnosis, the turns to the fix;
 * - knowledge: the need of a question conversation, the length of its answers;
 * - dialogue: what the replies say and how: truthful claims and no internals (policy), empathy, context, length, clarity, the customer's rating.
 * A role is only charged with the need (and the turns to it) of conversations it could have met (`NEEDS_OF`).
 */
export const ROLE_SCORES: Record<Role, ScoreName[]> = {
  planner: ["needMet", "noRepeatedQuestion", "handoverNeeded", "turnsToOutcome", "feedback"],
  intent: ["needMet", "noRepeatedQuestion"],
  technical: ["needMet", "diagnosticCompleteness", "turnsToOutcome"],
  knowledge: ["needMet", "conciseness"],
  dialogue: ["policy", "empathy", "contextUse", "conciseness", "clarity", "feedback"],
};

/** The needs whose outcome a role answers for; a role not listed answers for every need. */
const NEEDS_OF: Partial<Record<Role, NeedKind[]>> = {
  technical: ["trouble"],
  knowledge: ["info", "out_of_scope"],
};

/** The scores of the outcome itself, charged only to the roles that could have reached it. */
const OUTCOME_OF_NEED = new Set<ScoreName>(["needMet", "turnsToOutcome"]);

/** The key under which a role's share of a score is stored on an episode (`technical.needMet`, `dialogue.mean`). */
export const roleScoreKey = (role: Role, score: ScoreName | "mean") => `${role}.${score}`;

/**
 * Conversation scores plus each role's attributed scores and their mean
 * (`dialogue.empathy`, ..., `dialogue.mean`): what episodes store and what
 * prompt evolution reads per role. `kind` (the need of the conversation)
 * decides whether the technical and knowledge roles answer for `needMet` and
 * `turnsToOutcome`; without it every role does.
 */
export function attributeScores(scores: ConversationScores, kind?: NeedKind): EpisodeScores {
  const out: EpisodeScores = {};
  for (const [name, value] of Object.entries(scores)) if (value !== undefined) out[name] = round(value);
  for (const [role, names] of Object.entries(ROLE_SCORES) as [Role, ScoreName[]][]) {
    const owns = (name: ScoreName) => !OUTCOME_OF_NEED.has(name) || kind === undefined || !NEEDS_OF[role] || NEEDS_OF[role]!.includes(kind);
    const values: number[] = [];
    for (const name of names) {
      const value = scores[name];
      if (value === undefined || !owns(name)) continue;
      out[roleScoreKey(role, name)] = round(value);
      values.push(value);
    }
    if (values.length) out[roleScoreKey(role, "mean")] = round(values.reduce((a, b) => a + b, 0) / values.length);
  }
  return out;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
