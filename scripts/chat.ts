/**
 * npm run chat [-- --thread ID] [--customer PHONE]
 * A conversation with the support graph in the terminal, on the embedded defaults
 * (Chroma, local engines, simulated backend) and a SQLite checkpointer (Postgres with
 * CHECKPOINT_URL), so a
 * thread can be resumed after a restart. Works with stdin piped in: one customer
 * message per line, no prompt and no colours, exits at end of input.
 */
import readline from "node:readline";
import { randomUUID } from "node:crypto";
import { Command } from "commander";
import { Command as GraphCommand } from "@langchain/langgraph";
import { checkpointTargetFromEnv, describeCheckpointTarget, openCheckpointer, type OpenedCheckpointer } from "../src/config/checkpointer.js";
import { isAIMessage, isHumanMessage, type BaseMessage } from "@langchain/core/messages";
import { loadSettings, SettingsError } from "../src/config/settings.js";
import { DatasetError } from "../src/backend/dataset.js";
import { openDefaultDependencies, type DefaultDependencies } from "../src/graph/defaults.js";
import { inputToFinishTurn } from "../src/graph/resume.js";
import { createSupportGraph, type SupportGraph } from "../src/graph/support-graph.js";
import type { SupportStateValue } from "../src/conversation/state.js";
import type { IntentAnalysis } from "../src/domain/support.js";
import { rateFinishedConversation } from "../src/scoring/index.js";
import { runCli } from "./run-cli.js";

const program = new Command("chat")
  .description("Talk to the Nimbus Mobile support agent in the terminal")
  .option("--thread <id>", "resume the conversation saved under this thread id")
  .option("--customer <phone>", "the customer's phone number, given to the agent at the start of a new conversation")
  .option("--db <file>", "SQLite checkpoint database (default: env CHECKPOINT_URL, else CHECKPOINT_DB, else .data/checkpoints.sqlite)");

const HELP = [
  "commands:",
  "  /help          this list",
  "  /new           start a new conversation (new thread)",
  "  /state         the structured state: customer, intent, plan, troubleshooting, actions, escalation, timings",
  "  /rate N        rate this conversation 1-5 (kept for scoring the issue)",
  "  /human TEXT    answer as the human agent when the conversation was handed over",
  "  /quit          leave (Ctrl-D and Ctrl-C too)",
].join("\n");

/** What the graph's nodes write on the "custom" stream. */
type TurnEvent = { type: "reply"; text: string } | { type: "human"; text: string } | { type: "handover"; ticketId?: string };

interface Session {
  threadId: string;
  /** Set on a new thread until its first message is sent. */
  fresh: boolean;
}

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ thread?: string; customer?: string; db?: string }>();
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const out = new Output(interactive && !process.env.NO_COLOR);

  const settings = loadSettings();
  // Opened before anything else, so a bad CHECKPOINT_URL or --db stops the chat with one line.
  const checkpoints: OpenedCheckpointer = await openCheckpointer(checkpointTargetFromEnv(process.env, options.db));
  let deps: DefaultDependencies | undefined;
  let closed = false;
  const closeAll = () => {
    if (closed) return;
    closed = true;
    deps?.close();
    void checkpoints.close();
  };
  // A signal outside readline (e.g. `kill`, or Ctrl-C while starting): release Chroma and leave.
  const onSignal = (signal: NodeJS.Signals) => {
    closeAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    if (interactive) out.note("starting (the first run loads the knowledge base into Chroma)...");
    deps = await openDefaultDependencies(settings).catch((error: unknown) => {
      if (!(error instanceof DatasetError)) throw error;
      const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : "";
      throw new SettingsError(`the backend dataset ${error.file} (TELECOM_DATASET) is not valid: ${error.issues[0] ?? "unreadable"}${more}`);
    });
    const graph = createSupportGraph(deps, { checkpointer: checkpoints.saver });
    const chat = new Chat(graph, deps, out, options.customer);

    const session: Session = options.thread ? { threadId: options.thread, fresh: false } : newSession();
    if (options.thread) {
      const state = await graph.getState(configOf(session));
      if (!state.values.messages?.length) {
        out.note(`no saved conversation "${options.thread}" in ${describeCheckpointTarget(checkpoints.target)}; starting a new one under that id`);
        session.fresh = true;
      }
    }
    out.banner(session.threadId, interactive);
    if (!session.fresh) await chat.showHistory(session);
    if (!session.fresh) await chat.finishUnfinishedTurn(session);

    const rl = readline.createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
    let turn: AbortController | undefined;
    let quit = false;
    rl.on("SIGINT", () => {
      turn?.abort();
      rl.close();
    });
    if (interactive) {
      rl.setPrompt(out.prompt());
      rl.prompt();
    }
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line) {
        if (interactive) rl.prompt();
        continue;
      }
      if (!interactive) out.echo(line);
      if (line === "/quit" || line === "/exit") {
        quit = true;
        break;
      }
      turn = new AbortController();
      try {
        await chat.handle(line, session, turn.signal);
      } catch (error) {
        if (turn.signal.aborted) break;
        out.error(`the turn failed: ${error instanceof Error ? error.message : String(error)} (nothing was lost; try again)`);
        if (process.env.DEBUG) console.error(error);
      }
      turn = undefined;
      if (interactive) rl.prompt();
    }
    rl.close();
    // Ctrl-C or Ctrl-D leave the cursor after the prompt.
    if (interactive && !quit) process.stdout.write("\n");
    if (interactive) out.note(`bye. Resume with: npm run chat -- --thread ${session.threadId}`);
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    closeAll();
  }
}

function newSession(): Session {
  return { threadId: randomUUID(), fresh: true };
}

const configOf = (session: Session) => ({ configurable: { thread_id: session.threadId } });

class Chat {
  constructor(
    private readonly graph: SupportGraph,
    private readonly deps: DefaultDependencies,
    private readonly out: Output,
    private readonly customerPhone: string | undefined,
  ) {}

  async handle(line: string, session: Session, signal: AbortSignal): Promise<void> {
    if (line.startsWith("/")) return this.command(line, session, signal);
    if (await this.pausedForHuman(session)) {
      // Nobody answered as the human agent: close the pause, then take the customer's message as a new turn.
      this.out.note("— the conversation was waiting for a human agent; continuing without one —");
      await this.run(new GraphCommand({ resume: { reply: "" } }), session, signal);
    }
    const input: Record<string, unknown> = { messages: [{ role: "user", content: line }] };
    if (session.fresh && this.customerPhone) input.customer = { phoneNumber: this.customerPhone, verified: false, failedAttempts: 0 };
    session.fresh = false;
    await this.run(input, session, signal);
  }

  /** A turn that a killed process left half-done is finished from its checkpoint, so its message is answered once. */
  async finishUnfinishedTurn(session: Session): Promise<void> {
    const input = await inputToFinishTurn(this.graph, configOf(session));
    if (input === undefined) return;
    this.out.note("— finishing the turn that was interrupted —");
    await this.run(input, session, new AbortController().signal);
  }

  private async command(line: string, session: Session, signal: AbortSignal): Promise<void> {
    const [name = "", ...rest] = line.split(/\s+/);
    const arg = line.slice(name.length).trim();
    switch (name) {
      case "/help":
        this.out.info(HELP);
        return;
      case "/new": {
        Object.assign(session, newSession());
        this.out.banner(session.threadId, false);
        return;
      }
      case "/state": {
        const values = (await this.graph.getState(configOf(session))).values as Partial<StateView>;
        if (!values.messages?.length) this.out.note(`— no messages yet in thread ${session.threadId} —`);
        else this.out.info(formatState(values, session.threadId));
        return;
      }
      case "/rate": {
        const rating = Number(rest[0]);
        if (rest.length !== 1 || !Number.isInteger(rating) || rating < 1 || rating > 5) {
          this.out.error("usage: /rate N, where N is a whole number from 1 to 5");
          return;
        }
        const state = (await this.graph.getState(configOf(session))).values as StateView;
        if (!state.messages?.length) {
          this.out.error("nothing to rate yet: this conversation has no messages");
          return;
        }
        // A finished conversation is scored again with the rating; an open one keeps it for when it ends.
        const rescored = await rateFinishedConversation({ memory: this.deps.memory, state, threadId: session.threadId, rating });
        if (rescored) {
          this.out.note(`— rating ${rating}/5 scored with this conversation (feedback ${rescored.feedback?.toFixed(2) ?? "-"}) —`);
          return;
        }
        const customerId = state.customer?.verified ? state.customer.customerId : undefined;
        await this.deps.memory.working.remember([{ threadId: session.threadId, key: "rating", kind: "note", value: String(rating), customerId }]);
        this.out.note(`— rating ${rating}/5 kept; it is scored when this conversation ends —`);
        return;
      }
      case "/human": {
        if (!arg) {
          this.out.error("usage: /human TEXT (the human agent's reply)");
          return;
        }
        if (!(await this.pausedForHuman(session))) {
          this.out.error("this conversation is not waiting for a human agent (that happens after a hand-over)");
          return;
        }
        await this.run(new GraphCommand({ resume: arg }), session, signal);
        return;
      }
      default:
        this.out.error(`unknown command ${name}; /help lists the commands`);
    }
  }

  /**
   * Runs one turn (or a resume) and prints what the graph tells on the "custom" stream: the reply, a hand-over, a
   * human agent's answer. A reply written without the stream (the apology after a failed reply) is read from the state.
   */
  private async run(input: Record<string, unknown> | GraphCommand | null, session: Session, signal: AbortSignal): Promise<void> {
    const messagesBefore = ((await this.graph.getState(configOf(session))).values.messages ?? []).length;
    const stream = await this.graph.stream(input as never, { ...configOf(session), streamMode: "custom", signal });
    let answered = false;
    let handover: { ticketId?: string } | undefined;
    for await (const event of stream as AsyncIterable<TurnEvent>) {
      if (event.type === "reply" || event.type === "human") {
        if (event.type === "reply") this.out.agent(event.text);
        else this.out.human(event.text);
        answered = true;
      } else if (event.type === "handover") handover = { ticketId: event.ticketId };
    }
    if (!answered) {
      const messages = ((await this.graph.getState(configOf(session))).values.messages ?? []) as BaseMessage[];
      const last = messages.at(-1);
      if (messages.length > messagesBefore && last && isAIMessage(last)) this.out.agent(last.text);
    }
    if (handover) this.out.note(`— handed over to a human${handover.ticketId ? ` (ticket ${handover.ticketId})` : ""} —`);
    if (await this.pausedForHuman(session)) this.out.note("— waiting for a human agent: /human TEXT answers as one; a new message continues without one —");
  }

  private async pausedForHuman(session: Session): Promise<boolean> {
    const state = await this.graph.getState(configOf(session));
    return state.tasks.some((task) => task.interrupts.length > 0);
  }

  /** When resuming: the last few messages, and whether the thread waits for a human. */
  async showHistory(session: Session, count = 6): Promise<void> {
    const state = await this.graph.getState(configOf(session));
    const messages = (state.values.messages ?? []) as BaseMessage[];
    const shown = messages.slice(-count);
    this.out.note(`— resuming: ${messages.length} message(s) so far${shown.length < messages.length ? `, the last ${shown.length}` : ""} —`);
    for (const message of shown) {
      const text = message.text;
      if (isHumanMessage(message)) this.out.echo(text);
      else if (isAIMessage(message) && message.name === "human_agent") this.out.human(text);
      else if (isAIMessage(message)) this.out.agent(text);
    }
    if (state.tasks.some((task) => task.interrupts.length > 0)) {
      const ticket = (state.values as Partial<StateView>).escalation?.ticketId;
      this.out.note(`— handed over to a human${ticket ? ` (ticket ${ticket})` : ""}; waiting for a human agent: /human TEXT answers as one —`);
    }
  }
}

type StateView = SupportStateValue;

/** The structured state a developer wants to see, one concern per line. */
function formatState(state: Partial<StateView>, threadId: string): string {
  const lines: string[] = [`thread: ${threadId}`];
  const add = (label: string, value: string | undefined) => lines.push(`${label}: ${value ?? "-"}`);
  const c = state.customer;
  add(
    "customer",
    c
      ? c.verified
        ? `${c.customerId} ${c.firstName ?? ""} (${c.tier ?? "?"} tier, verified)`.replace(/\s+/g, " ")
        : `not verified${c.phoneNumber ? `; phone ${c.phoneNumber}` : ""}${c.fullName ? `; name ${c.fullName}` : ""}${c.dateOfBirth ? `; born ${c.dateOfBirth}` : ""}${c.failedAttempts ? `; ${c.failedAttempts} failed attempt(s)` : ""}`
      : undefined,
  );
  const i = state.intentAnalysis;
  add(
    "intent",
    i
      ? `${i.primary} (confidence ${i.confidence.toFixed(2)}, ${i.sentiment}, urgency ${i.urgency})${i.secondary.length ? `; also ${i.secondary.join(", ")}` : ""}` +
          `${entityText(i.entities) ? `; entities ${entityText(i.entities)}` : ""}`
      : undefined,
  );
  add("open issue", state.openIssue?.primary);
  const p = state.thisTurn?.plan;
  add("plan", p ? `${p.next.join(" + ")}: ${p.reason}${p.goals.length ? ` (goals: ${p.goals.join("; ")})` : ""}` : undefined);
  const t = state.troubleshooting;
  add(
    "troubleshooting",
    t
      ? `${t.procedureId} at ${t.stepId} (${t.status}, ${t.layer})` +
          `${t.observations.length ? `; checks ${t.observations.map((o) => `${o.stepId}=${o.observation}`).join(", ")}` : ""}` +
          `${t.faultsFound.length ? `; faults found ${t.faultsFound.join(", ")}` : ""}` +
          `${t.faultsFixed.length ? `; fixed ${t.faultsFixed.join(", ")}` : ""}` +
          `${t.queue.length ? `; next ${t.queue.join(", ")}` : ""}`
      : undefined,
  );
  add("requested actions", state.thisTurn?.requestedActions?.length ? state.thisTurn?.requestedActions.map((a) => `${a.actionId} ("${a.ask}")`).join("; ") : undefined);
  add("pending action", state.pendingAction?.actionId);
  add("knowledge", state.thisTurn?.knowledgeFindings ? `${state.thisTurn?.knowledgeFindings.covered ? "covered" : "not covered"}; ${state.thisTurn?.knowledgeFindings.citations.map((x) => x.title).join("; ")}` : undefined);
  add("account actions", state.accountActions?.length ? state.accountActions.map((a) => `${a.action} ${a.ok ? "done" : "refused"} (${a.detail})`).join("; ") : undefined);
  const e = state.escalation;
  add("escalation", e ? `${e.ticketId ?? "no ticket"}: ${e.reason}${e.humanReply ? `; human replied "${e.humanReply}"` : ""}\n  summary: ${e.summary}` : undefined);
  add("status", state.status ? `${state.status} after ${state.turn ?? 0} turn(s)` : undefined);
  add("working memory (turn start)", state.memory && Object.keys(state.memory.facts).length ? Object.entries(state.memory.facts).map(([k, v]) => `${k}=${v}`).join("; ") : undefined);
  if (state.degraded?.length) add("degraded", state.degraded.join(", "));
  const trace = state.trace ?? [];
  const total = trace.reduce((sum, entry) => sum + entry.ms, 0);
  add(
    "last turn",
    trace.length
      ? `${trace.map((x) => `${x.node} ${x.ms.toFixed(1)} ms${x.engine ? ` [${x.engine}]` : ""}${x.fallback ? ` (fallback: ${x.fallback})` : ""}`).join(", ")}; total ${total.toFixed(1)} ms`
      : undefined,
  );
  return lines.join("\n");
}

function entityText(entities: IntentAnalysis["entities"]): string {
  return Object.entries(entities)
    .filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== ""))
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join("/") : String(value)}`)
    .join(", ");
}

/** Everything the chat prints; colours and the prompt only on a terminal. */
class Output {
  constructor(private readonly colour: boolean) {}
  private paint(code: string, text: string) {
    return this.colour ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
  prompt() {
    return this.paint("1", "you> ");
  }
  banner(threadId: string, full: boolean) {
    this.line(this.paint("1", `Nimbus Mobile support — thread ${threadId}`));
    this.line(this.paint("2", `resume later with: npm run chat -- --thread ${threadId}`));
    if (full) this.line(this.paint("2", "type your message; /help lists the commands, /quit leaves"));
  }
  echo(text: string) {
    this.line(`you: ${text}`);
  }
  agent(text: string) {
    this.line(`${this.paint("36;1", "agent:")} ${text}`);
  }
  human(text: string) {
    this.line(`${this.paint("35;1", "human agent:")} ${text}`);
  }
  note(text: string) {
    this.line(this.paint("2", text));
  }
  info(text: string) {
    this.line(text);
  }
  error(text: string) {
    console.error(this.paint("31", `error: ${text}`));
  }
  private line(text: string) {
    process.stdout.write(`${text}\n`);
  }
}

runCli(main);
