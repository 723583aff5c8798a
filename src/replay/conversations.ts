import fs from "node:fs/promises";
import { z } from "zod";

/** How a scripted customer answers the device steps the agent asks for. */
export const DeviceAnswers = z.enum([
  /** Every fix works at the first try. */
  "fix_first",
  /** The first fix does not help, the next one does. */
  "fix_second",
  /** Nothing helps. */
  "never",
]);
export type DeviceAnswers = z.infer<typeof DeviceAnswers>;

/** One scripted customer conversation (a line of `data/eval/conversations.jsonl`). */
export const ScriptedConversation = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** A customer of the backend dataset; `{identity}` in a message stands for "phone, name". */
  customer: z.object({ phone: z.string().min(1), name: z.string().min(1) }).optional(),
  messages: z.array(z.string().min(1)).min(1),
  deviceAnswers: DeviceAnswers.default("fix_second"),
  /** The customer's 1-5 rating, given with the last message. */
  rating: z.number().int().min(1).max(5).optional(),
});
export type ScriptedConversation = z.infer<typeof ScriptedConversation>;

export class ConversationFileError extends Error {
  override name = "ConversationFileError";
}

/** Reads a JSONL file of scripted conversations; a bad line is reported with its number. */
export async function loadConversations(file: string): Promise<ScriptedConversation[]> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new ConversationFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const conversations: ScriptedConversation[] = [];
  const seen = new Set<string>();
  for (const [index, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new ConversationFileError(`${file}:${index + 1}: not valid JSON`);
    }
    const parsed = ScriptedConversation.safeParse(raw);
    if (!parsed.success) {
      throw new ConversationFileError(`${file}:${index + 1}:\n${z.prettifyError(parsed.error)}`);
    }
    if (seen.has(parsed.data.id)) throw new ConversationFileError(`${file}:${index + 1}: duplicate id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
    conversations.push(parsed.data);
  }
  if (conversations.length === 0) throw new ConversationFileError(`${file} holds no conversations`);
  return conversations;
}

/** A message with `{identity}` filled in from the conversation's customer. */
export function customerText(conversation: ScriptedConversation, message: string): string {
  if (!message.includes("{identity}")) return message;
  if (!conversation.customer) throw new ConversationFileError(`${conversation.id}: "{identity}" used without a customer`);
  return message.replaceAll("{identity}", `${conversation.customer.phone}, ${conversation.customer.name}`);
}
