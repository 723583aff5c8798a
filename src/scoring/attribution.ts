import type { Role } from "../memory/schemas.js";
import type { ConversationScores, EpisodeScores, ScoreName } from "./schemas.js";

/**
 * Which role answers for which score. The dialogue writes the reply (empathy,
 * conciseness, clarity) and uses what memory and knowledge offered (context);
 * the technical role owns the diagnosis; the planner and the technical role
 * share the outcome; intent confidence is the intent role's proxy for accuracy.
 * An explicit customer rating speaks to the whole reply: dialogue and planner.
 */
export const ROLE_SCORES: Record<Role, ScoreName[]> = {
  dialogue: ["empathy", "conciseness", "clarity", "contextUse", "feedback"],
  knowledge: ["contextUse"],
  technical: ["diagnosticCompleteness", "resolution"],
  planner: ["resolution", "turnsToResolution", "feedback"],
  intent: ["intentConfidence"],
};

/** The key under which a role's share of a score is stored on an episode. */
export const roleScoreKey = (role: Role, score: ScoreName | "mean") => `${role}.${score}`;

/**
 * Conversation scores plus each role's attributed scores and their mean
 * (`dialogue.empathy`, ..., `dialogue.mean`): what episodes store and what
 * prompt evolution reads per role.
 */
export function attributeScores(scores: ConversationScores): EpisodeScores {
  const out: EpisodeScores = {};
  for (const [name, value] of Object.entries(scores)) if (value !== undefined) out[name] = round(value);
  for (const [role, names] of Object.entries(ROLE_SCORES) as [Role, ScoreName[]][]) {
    const values = names.map((name) => scores[name]).filter((v): v is number => v !== undefined);
    names.forEach((name) => {
      const value = scores[name];
      if (value !== undefined) out[roleScoreKey(role, name)] = round(value);
    });
    if (values.length) out[roleScoreKey(role, "mean")] = round(values.reduce((a, b) => a + b, 0) / values.length);
  }
  return out;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
