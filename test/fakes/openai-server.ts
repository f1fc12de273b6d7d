import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pathToFileURL } from "node:url";

/**
 * A local OpenAI-compatible server for tests: POST /v1/chat/completions answers with scripted
 * replies (a queue, or a function of the request), records every request, and can misbehave
 * the ways real endpoints do (slow, 429 with retry-after, 5xx, malformed JSON, truncated body,
 * dropped connection). Bound to 127.0.0.1 on an ephemeral port.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when it did not parse). */
  body: ChatRequestBody | undefined;
  rawBody: string;
}

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

export type FakeReply =
  /** A normal completion with this assistant content. */
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number }; finishReason?: string }
  /** An HTTP error status with an OpenAI-style error body; retryAfter sets the header (seconds). */
  | { status: number; message?: string; retryAfter?: string }
  /** Status 200 whose body is not JSON. */
  | { malformed: true }
  /** Status 200 announcing a longer body than sent, then the socket closes. */
  | { truncated: true }
  /** The socket is destroyed without any response. */
  | { drop: true }
  /** Wait, then answer with `reply` (or never answer when `reply` is absent, until close()). */
  | { delayMs: number; reply?: FakeReply }
  /** Answer with `reply` once `until` settles (deterministic ordering in tests). */
  | { until: Promise<unknown>; reply: FakeReply }
  /** A valid JSON body without choices (an incompatible server). */
  | { raw: unknown };

export type ReplyScript = (request: RecordedRequest, index: number) => FakeReply;

export interface FakeOpenAIServer {
  /** baseURL to configure: http://127.0.0.1:<port>/v1 */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Append replies to the queue (used when no script function is set). */
  enqueue(...replies: FakeReply[]): void;
  /** Answer every request with a function of the request instead of the queue. */
  setScript(script: ReplyScript | undefined): void;
  /** The user-message contents of request i (convenience for assertions). */
  messagesOf(index: number): Array<{ role: string; content: string }>;
  close(): Promise<void>;
}

export async function startFakeOpenAI(
  options: { replies?: FakeReply[]; script?: ReplyScript } = {},
): Promise<FakeOpenAIServer> {
  const queue: FakeReply[] = [...(options.replies ?? [])];
  let script = options.script;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let body: ChatRequestBody | undefined;
    try {
      body = JSON.parse(rawBody) as ChatRequestBody;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body,
      rawBody,
    };
    const index = requests.length;
    requests.push(recorded);
    if (req.method !== "POST" || !(req.url ?? "").startsWith("/v1/chat/completions")) {
      sendJson(res, 404, { error: { message: `fake server: no route ${req.method} ${req.url}` } });
      return;
    }
    const reply = script ? script(recorded, index) : queue.shift();
    if (!reply) {
      sendJson(res, 500, { error: { message: "fake server: no scripted reply left" } });
      return;
    }
    respond(res, reply, body);
  }

  function respond(res: ServerResponse, reply: FakeReply, body: ChatRequestBody | undefined): void {
    if ("delayMs" in reply) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (reply.reply && !res.destroyed) respond(res, reply.reply, body);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    if ("until" in reply) {
      const next = reply.reply;
      reply.until.then(
        () => !res.destroyed && respond(res, next, body),
        () => !res.destroyed && respond(res, next, body),
      );
      return;
    }
    if ("content" in reply) {
      sendJson(
        res,
        200,
        completion(reply.content, body?.model ?? "fake-model", reply.usage, reply.finishReason),
      );
    } else if ("status" in reply) {
      const headers: Record<string, string> = {};
      if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
      sendJson(
        res,
        reply.status,
        { error: { message: reply.message ?? `fake error ${reply.status}`, type: "fake" } },
        headers,
      );
    } else if ("malformed" in reply) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id": "chatcmpl-fake", "choices": [ {"message": ');
    } else if ("truncated" in reply) {
      const full = JSON.stringify(completion("def f():\n    return 1\n", body?.model ?? "fake-model"));
      res.writeHead(200, { "content-type": "application/json", "content-length": String(full.length) });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      setImmediate(() => res.socket?.destroy());
    } else if ("drop" in reply) {
      res.socket?.destroy();
    } else {
      sendJson(res, 200, reply.raw);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setScript: (next) => {
      script = next;
    },
    messagesOf: (index) => requests[index]?.body?.messages ?? [],
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function completion(
  content: string,
  model: string,
  usage = { prompt_tokens: 11, completion_tokens: 7 },
  finishReason = "stop",
) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finishReason }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Standalone use (editor end-to-end tests, manual tries):
 *   npx tsx test/fakes/openai-server.ts [replies.json]
 * prints {"baseURL": "..."} on one stdout line; replies.json is a FakeReply[] queue (default: one
 * canned python reply for every request). Stops on SIGINT/SIGTERM or when stdin closes.
 */
async function main(argv: string[]): Promise<void> {
  const { readFile } = await import("node:fs/promises");
  const file = argv[0];
  const replies = file ? (JSON.parse(await readFile(file, "utf8")) as FakeReply[]) : undefined;
  const canned: ReplyScript = () => ({ content: "```python\ndef fixed():\n    return 1\n```" });
  const server = await startFakeOpenAI(replies ? { replies } : { script: canned });
  process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2));
}
