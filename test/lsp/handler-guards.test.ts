import { describe, expect, it } from "vitest";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { guardNotification, guardRequest } from "../../server/src/lsp/handler-guards.js";
import { Logger, levelFromEnv } from "../../server/src/lsp/logger.js";
import { RecordingLspClient } from "../helpers/lsp-recording-client.js";

describe("handler guards", () => {
  it("turns an internal error in a request into an InternalError ResponseError and a log line", async () => {
    const client = new RecordingLspClient();
    const handler = guardRequest("codeAction", new Logger(client), () => {
      throw new Error("boom");
    });
    const error = await handler().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(ErrorCodes.InternalError);
    expect((error as ResponseError<unknown>).message).toContain("boom");
    expect(client.logs).toHaveLength(1);
    expect(client.logs[0]?.level).toBe("error");
  });

  it("passes ResponseErrors through unchanged", async () => {
    const client = new RecordingLspClient();
    const original = new ResponseError(ErrorCodes.InvalidParams, "bad");
    const handler = guardRequest("x", new Logger(client), async () => {
      throw original;
    });
    await expect(handler()).rejects.toBe(original);
    expect(client.logs).toHaveLength(0);
  });

  it("logs notification errors, sync and async, without throwing", async () => {
    const client = new RecordingLspClient();
    const logger = new Logger(client);
    guardNotification("didOpen", logger, () => {
      throw new Error("sync boom");
    })();
    guardNotification("didSave", logger, async () => {
      throw new Error("async boom");
    })();
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.logs.map((l) => l.message)).toEqual([
      expect.stringContaining("sync boom"),
      expect.stringContaining("async boom"),
    ]);
  });
});

describe("logger", () => {
  it("filters by level and takes SECLSP_LOG_LEVEL from the environment", () => {
    const client = new RecordingLspClient();
    const logger = new Logger(client, "warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(client.logs.map((l) => l.message)).toEqual(["w", "e"]);
    expect(levelFromEnv({ SECLSP_LOG_LEVEL: "DEBUG" })).toBe("debug");
    expect(levelFromEnv({ SECLSP_LOG_LEVEL: "loud" })).toBeUndefined();
  });
});
