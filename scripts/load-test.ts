/**
 * npm run load-test [-- --conversations 50 --duration 60 --turns 4]
 * Many conversations at once through the LangGraph API server (langgraph-cli dev on
 * 127.0.0.1, temporary data folders), driven by @langchain/langgraph-sdk for a
 * bounded time. Prints throughput and latency; exits with 1 on any error or any
 * lost or crossed turn.
 */
import { Command, InvalidArgumentError } from "commander";
import { Client } from "@langchain/langgraph-sdk";
import { startApiServer } from "./load/api-server.js";
import { formatReport, runLoad } from "./load/conversations.js";
import { runCli } from "./run-cli.js";

const positive = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};

const program = new Command("load-test")
  .description("Concurrent conversations through the LangGraph API server, with throughput and latency")
  .option("--conversations <n>", "conversations at the same time", positive(500), 50)
  .option("--duration <seconds>", "how long conversations keep starting new threads", positive(3_600), 60)
  .option("--turns <n>", "turns per conversation (problem, identity, follow-up, goodbye)", positive(4), 4);

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ conversations: number; duration: number; turns: number }>();
  console.log("starting the LangGraph API server on 127.0.0.1 (the first start loads the knowledge base)...");
  const server = await startApiServer({ jobsPerWorker: options.conversations });
  try {
    const client = new Client({ apiUrl: server.url });
    // One warm-up turn, so start-up work (seeding, first imports) is not counted as latency.
    const warm = await client.threads.create();
    await client.runs.wait(warm.thread_id, "support", { input: { messages: [{ role: "user", content: "hello" }] } });
    console.log(`running ${options.conversations} conversations for ${options.duration} s against ${server.url}...`);
    const report = await runLoad(client, { conversations: options.conversations, turns: options.turns, durationMs: options.duration * 1000 });
    console.log(formatReport(report));
    return report.errors.length || report.crossed.length ? 1 : 0;
  } finally {
    await server.stop();
  }
}

runCli(main);
