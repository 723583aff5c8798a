/**
 * Scripted customers for the benchmarks: identity, troubleshooting answers,
 * knowledge questions, billing and hand-overs. A conversation reads the agent's
 * state after each turn (e.g. which device-side step it asked for) to answer.
 */
import { ScriptedCustomer } from "../../src/replay/scripted-customer.js";
import type { SupportStateValue } from "../../src/conversation/state.js";

/** One customer turn: sends the text, resolves to the state after it. */
export type Say = (text: string) => Promise<SupportStateValue>;

export interface ScriptedConversation {
  /** What kind of turn it exercises (reported per scenario). */
  scenario: string;
  run(say: Say): Promise<void>;
}

function troubleshooting(problem: string, identity: string): ScriptedConversation {
  return {
    scenario: "troubleshooting",
    async run(say) {
      await say(problem);
      let state = await say(identity);
      // The first fix does not help, the next does, and the customer's own checks say so.
      const customer = new ScriptedCustomer("fix_second");
      for (let turn = 0; turn < 8 && state.pendingAction; turn++) state = await say(customer.answer(state.pendingAction.actionId));
      await say("thanks, bye");
    },
  };
}

function questions(...texts: string[]): ScriptedConversation {
  return {
    scenario: "knowledge",
    async run(say) {
      for (const text of texts) await say(text);
      await say("great, thanks, that's all");
    },
  };
}

function scripted(scenario: string, ...texts: string[]): ScriptedConversation {
  return {
    scenario,
    async run(say) {
      for (const text of texts) await say(text);
    },
  };
}

export const CONVERSATIONS: ScriptedConversation[] = [
  troubleshooting("My phone says No Service since this morning and I can't make calls", "555 010 0020, Noah Thompson"),
  questions("how much does a Travel Pass cost per day when I go abroad?", "what's the price of the Nimbus Max plan?"),
  troubleshooting("my mobile data stopped working, apps won't load unless I'm on wifi", "555 010 0020, Noah Thompson"),
  scripted("handover", "I want to speak to a real person please"),
  troubleshooting("picture messages won't send from my phone", "555 010 0009, Priya Sharma"),
  scripted("billing", "why is my bill $40 higher this month?", "555 010 0001, Maria Gonzalez", "ok thanks, bye"),
  troubleshooting("my home wifi keeps dropping every half hour", "555 010 0011, Grace Kim"),
  questions("how do I top up data?", "can I keep my number if I move house?"),
  troubleshooting("I'm in Spain and my phone has no internet", "555 010 0001, Maria Gonzalez"),
  scripted("identity", "my mobile data stopped working", "it's 555 010 0013", "Emily Johnson", "thanks, bye"),
  troubleshooting("my home broadband is really slow in the evenings", "555 010 0024, José Ramírez"),
  scripted("handover", "I'm moving house next month and need my broadband transferred", "555 010 0005, Linda Nguyen"),
  scripted("unclear", "asdf qwerty zxcv", "it doesn't work", "bye"),
];
