const PROBLEM_WORDS = /\b(not working|doesn'?t work|won'?t|can'?t|cannot|no (signal|service|internet|data|bars)|stopped|keeps? (dropping|cutting)|slow|problem|issue|broken|fail|my (?:bill|line|account|balance|usage)|(?:add|give|top up|get) (?:me|my)|i(?:'m| am) (?:abroad|in|at)|landed|cut off|suspended|ran out|run out|used up)/i;
const QUESTION_WORDS = /\b(how (much|many|do|does|can|long)|wh?a+t(?:'?s| is| are| does| do)?|when|which|where|can i|could i|do you|does|is there|are there|tell me about|do i (?:need|pay|have to)|cost|price)\b/i;

/** A question about products or policy rather than about the customer's own service or account. */
export function isGeneralQuestion(message: string): boolean {
  return isQuestion(message) && !PROBLEM_WORDS.test(message);
}

export function isQuestion(message: string): boolean {
  return (
    /\?\s*$/.test(message) ||
    message.split(/[.!?,;]+/).some((clause) => QUESTION_WORDS.test(clause.split(/\s+/).slice(0, 6).join(" ")) || /^\s*(?:is|are|do|does|did|can|could|will|would|should|am|may)\b/i.test(clause))
  );
}
