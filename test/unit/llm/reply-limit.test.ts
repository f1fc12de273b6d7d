import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createChatModel } from "../../../server/src/llm/chat-model.js";
import { LlmError } from "../../../server/src/llm/errors.js";
import { DEFAULT_MAX_REPLY_BYTES } from "../../../server/src/llm/guarded-fetch.js";

/** Issue 12 item 9: a 20 MB model reply is refused while it streams in, never held whole. */

const TWENTY_MB = 20 * 1024 * 1024;
let server: Server | undefined;
let requests = 0;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Serves a chat completion whose content is `size` bytes, streamed in 64 KiB chunks. */
async function hugeReplyServer(size: number, declareLength: boolean): Promise<string> {
  requests = 0;
  server = createServer((req, res) => {
    requests++;
    req.resume();
    const head = '{"choices":[{"message":{"role":"assistant","content":"';
    const tail = '"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}';
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (declareLength) headers["content-length"] = String(head.length + size + tail.length);
    res.writeHead(200, headers);
    res.write(head);
    const chunk = "x".repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = chunk.slice(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      res.end(tail);
    };
    res.on("error", () => {});
    pump();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

function model(baseURL: string, maxReplyBytes?: number) {
  return createChatModel(
    "generator",
    { baseURL, model: "m", apiKeyEnv: "K", temperature: 0, maxTokens: 16, timeoutMs: 120_000 },
    { env: {}, ...(maxReplyBytes !== undefined ? { maxReplyBytes } : {}) },
  );
}

describe("reply size limit", () => {
  for (const declareLength of [false, true]) {
    it(`a 20 MB reply (${declareLength ? "with" : "without"} Content-Length) is a clear error, not retried`, async () => {
      const baseURL = await hugeReplyServer(TWENTY_MB, declareLength);
      const error = await model(baseURL)
        .complete([{ role: "user", content: "hi" }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe("reply-too-large");
      expect((error as Error).message).toContain(`larger than ${DEFAULT_MAX_REPLY_BYTES} bytes`);
      expect((error as Error).message).toMatch(/applied nothing/);
      expect(requests).toBe(1);
    }, 120_000);
  }

  it("a reply under the limit is read whole", async () => {
    const baseURL = await hugeReplyServer(200_000, false);
    const result = await model(baseURL, 300_000).complete([{ role: "user", content: "hi" }]);
    expect(result.text).toHaveLength(200_000);
  }, 120_000);
});
