import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible server for tests, benchmarks and reliability suites.
 * It implements `POST /v1/chat/completions` (plain JSON and SSE streaming) in
 * OpenAI's wire format and answers from a script: a queue of replies consumed
 * one per request, then an optional responder function. Every request is
 * recorded so tests can assert what the client sent (system prompt, tools).
 *
 *   const stub = await startOpenAIStub();
 *   stub.enqueue(reply.structured({ reply: "Hi" }), reply.rateLimit(1));
 *   // point ChatOpenAI at stub.url (configuration.baseURL), then:
 *   stub.requests[0].system; stub.requests[0].toolNames;
 *   await stub.close();
 */

export interface StubUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type StubReply =
  /** A structured answer: a call to the tool the request forces (or `name`), or JSON content under `response_format`. */
  | { kind: "structured"; data: unknown; name?: string; usage?: StubUsage }
  /** One or more calls to named tools (e.g. backend tools), finish_reason "tool_calls". */
  | { kind: "tool_calls"; calls: { name: string; args: unknown; id?: string }[]; usage?: StubUsage }
  /** Plain assistant text. */
  | { kind: "content"; text: string; usage?: StubUsage }
  /** Broken JSON where the structured answer would go (tool arguments or content). */
  | { kind: "malformed"; text?: string; name?: string }
  /** An HTTP error: 429 (with retry-after seconds), 500, ... */
  | { kind: "http_error"; status: number; retryAfterSeconds?: number; message?: string }
  /** Waits before answering (longer than the client timeout to simulate a hang). */
  | { kind: "delay"; ms: number; then?: StubReply };

/** Builders for the replies above. */
export const reply = {
  structured: (data: unknown, options: { name?: string; usage?: StubUsage } = {}): StubReply => ({ kind: "structured", data, ...options }),
  toolCall: (name: string, args: unknown, options: { id?: string; usage?: StubUsage } = {}): StubReply => ({
    kind: "tool_calls",
    calls: [{ name, args, id: options.id }],
    usage: options.usage,
  }),
  toolCalls: (calls: { name: string; args: unknown; id?: string }[], usage?: StubUsage): StubReply => ({ kind: "tool_calls", calls, usage }),
  content: (text: string, usage?: StubUsage): StubReply => ({ kind: "content", text, usage }),
  malformed: (text = '{"reply": "unterminated', name?: string): StubReply => ({ kind: "malformed", text, name }),
  rateLimit: (retryAfterSeconds = 0): StubReply => ({ kind: "http_error", status: 429, retryAfterSeconds, message: "Rate limit reached" }),
  serverError: (status = 500, message = "Internal server error"): StubReply => ({ kind: "http_error", status, message }),
  delay: (ms: number, then?: StubReply): StubReply => ({ kind: "delay", ms, then }),
};

export interface StubRequest {
  /** The parsed request body as sent by the client. */
  body: ChatCompletionBody;
  headers: IncomingMessage["headers"];
  /** All system (and developer) messages joined with blank lines. */
  system: string;
  /** Text of the last user message. */
  lastUser: string;
  /** Names of the tools offered. */
  toolNames: string[];
  /** The tool the request forces with tool_choice, if any. */
  forcedTool?: string;
  stream: boolean;
}

export interface ChatCompletionBody {
  model?: string;
  messages?: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: string | { type: string; function?: { name: string } };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface OpenAIStub {
  /** Base URL for OpenAI clients, ending in /v1. */
  url: string;
  /** Every chat completion request received, in order. */
  requests: StubRequest[];
  /** Adds replies to the queue. */
  enqueue(...replies: StubReply[]): void;
  /** Answers requests once the queue is empty (default: HTTP 500 "script exhausted"). */
  respondWith(responder: ((request: StubRequest) => StubReply) | null): void;
  /** Replies still queued. */
  pending(): number;
  /** Clears the queue, the responder and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export interface StubOptions {
  replies?: StubReply[];
  responder?: (request: StubRequest) => StubReply;
}

export async function startOpenAIStub(options: StubOptions = {}): Promise<OpenAIStub> {
  const queue: StubReply[] = [...(options.replies ?? [])];
  let responder = options.responder ?? null;
  const requests: StubRequest[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) sendError(res, 500, `stub failure: ${(err as Error).message}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || !path?.endsWith("/chat/completions")) {
      sendError(res, 404, `stub: no route ${req.method} ${req.url}`);
      return;
    }
    const raw = await readBody(req);
    let body: ChatCompletionBody;
    try {
      body = JSON.parse(raw) as ChatCompletionBody;
    } catch {
      sendError(res, 400, "stub: request body is not JSON");
      return;
    }
    const request = describe(body, req.headers);
    requests.push(request);
    const next = queue.shift() ?? responder?.(request) ?? { kind: "http_error", status: 500, message: "stub: script exhausted" };
    await answer(request, next, res);
  }

  async function answer(request: StubRequest, next: StubReply, res: ServerResponse): Promise<void> {
    if (next.kind === "delay") {
      const completed = await wait(next.ms, res);
      if (!completed) return; // the client gave up (timeout) or the stub closed
      await answer(request, next.then ?? { kind: "content", text: "" }, res);
      return;
    }
    if (next.kind === "http_error") {
      const headers: Record<string, string> = {};
      if (next.retryAfterSeconds !== undefined) headers["retry-after"] = String(next.retryAfterSeconds);
      sendError(res, next.status, next.message ?? `stub error ${next.status}`, headers);
      return;
    }
    const id = `chatcmpl-stub-${++counter}`;
    const message = toMessage(request, next, counter);
    const completionText = message.content ?? JSON.stringify(message.tool_calls ?? []);
    const usage = ("usage" in next && next.usage) || {
      prompt_tokens: Math.ceil(JSON.stringify(request.body.messages ?? []).length / 4),
      completion_tokens: Math.max(1, Math.ceil(completionText.length / 4)),
    };
    const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const finish = message.tool_calls ? "tool_calls" : "stop";
    const model = request.body.model ?? "stub-model";
    const created = Math.floor(Date.now() / 1000);
    if (!request.stream) {
      send(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finish, logprobs: null }],
        usage: fullUsage,
      });
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (delta: object, finish_reason: string | null = null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason, logprobs: null }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: message.tool_calls ? null : "" }));
    if (message.tool_calls) {
      message.tool_calls.forEach((call, index) => {
        res.write(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
        for (const piece of split(call.function.arguments)) res.write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      });
    } else {
      for (const piece of split(message.content ?? "")) res.write(chunk({ content: piece }));
    }
    res.write(chunk({}, finish));
    if (request.body.stream_options?.include_usage)
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage: fullUsage })}\n\n`);
    res.end("data: [DONE]\n\n");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    respondWith: (fn) => void (responder = fn),
    pending: () => queue.length,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      responder = options.responder ?? null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

// ---------- wire format ----------

interface WireMessage {
  content: string | null;
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
}

function toMessage(request: StubRequest, next: Exclude<StubReply, { kind: "delay" | "http_error" }>, n: number): WireMessage {
  const asJsonContent = request.body.response_format?.type === "json_schema" || request.body.response_format?.type === "json_object";
  const call = (name: string, args: string, index: number, id?: string) => ({
    id: id ?? `call_stub_${n}_${index}`,
    type: "function" as const,
    function: { name, arguments: args },
  });
  switch (next.kind) {
    case "content":
      return { content: next.text };
    case "tool_calls":
      return {
        content: null,
        tool_calls: next.calls.map((c, i) => call(c.name, typeof c.args === "string" ? c.args : JSON.stringify(c.args ?? {}), i, c.id)),
      };
    case "structured":
    case "malformed": {
      const text = next.kind === "structured" ? JSON.stringify(next.data) : (next.text ?? '{"broken": ');
      const name = next.name ?? request.forcedTool ?? (request.toolNames.length === 1 ? request.toolNames[0] : undefined);
      if (asJsonContent || !name) return { content: text };
      return { content: null, tool_calls: [call(name, text, 0)] };
    }
  }
}

function describe(body: ChatCompletionBody, headers: IncomingMessage["headers"]): StubRequest {
  const messages = body.messages ?? [];
  const text = (content: unknown): string =>
    typeof content === "string"
      ? content
      : Array.isArray(content)
        ? content.map((part) => (typeof part === "object" && part && "text" in part ? String(part.text) : "")).join("")
        : "";
  const users = messages.filter((m) => m.role === "user");
  const choice = body.tool_choice;
  return {
    body,
    headers,
    system: messages
      .filter((m) => m.role === "system" || m.role === "developer")
      .map((m) => text(m.content))
      .join("\n\n"),
    lastUser: text(users[users.length - 1]?.content),
    toolNames: (body.tools ?? []).map((t) => t.function?.name).filter((n): n is string => typeof n === "string"),
    forcedTool: typeof choice === "object" && choice?.function?.name ? choice.function.name : undefined,
    stream: body.stream === true,
  };
}

// ---------- plumbing ----------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(payload));
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const type = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  send(res, status, { error: { message, type, code: status === 429 ? "rate_limit_exceeded" : null, param: null } }, headers);
}

/** Resolves true after `ms`, or false as soon as the client disconnects. */
function wait(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.on("close", onClose);
  });
}

function split(text: string): string[] {
  if (text.length < 8) return [text];
  const mid = Math.floor(text.length / 2);
  return [text.slice(0, mid), text.slice(mid)];
}
