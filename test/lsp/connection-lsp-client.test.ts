import { describe, expect, it } from "vitest";
import type { ClientCapabilities, Connection } from "vscode-languageserver/node.js";
import { ConnectionLspClient } from "../../server/src/lsp/connection-lsp-client.js";

/** Records the work-done progress calls the client makes on the connection. */
function fakeConnection() {
  const calls: string[] = [];
  let cancel: (() => void) | undefined;
  const reporter = (kind: string) => ({
    begin: (title: string, percentage?: number, message?: string, cancellable?: boolean) =>
      calls.push(`${kind}.begin ${title} ${percentage} ${message} ${cancellable}`),
    report: (a: number | string, b?: string) => calls.push(`${kind}.report ${a} ${b}`),
    done: () => calls.push(`${kind}.done`),
  });
  const connection = {
    window: {
      attachWorkDoneProgress: (token: unknown) => {
        calls.push(`attach ${String(token)}`);
        return reporter("attached");
      },
      createWorkDoneProgress: async () => {
        calls.push("create");
        return {
          ...reporter("created"),
          token: {
            isCancellationRequested: false,
            onCancellationRequested: (listener: () => void) => {
              cancel = listener;
              return { dispose() {} };
            },
          },
        };
      },
    },
    workspace: {
      getConfiguration: async (section: string) => {
        calls.push(`configuration ${section}`);
        return { debounceMs: 1 };
      },
    },
  };
  // A structural stand-in for the few Connection members this client uses.
  return { connection: connection as unknown as Connection, calls, cancel: () => cancel?.() };
}

describe("ConnectionLspClient", () => {
  it("reports progress on the request's own token and ends it even when the work fails", async () => {
    const fake = fakeConnection();
    const client = new ConnectionLspClient(fake.connection, () => ({}));
    const failure = await client
      .withProgress(
        "Scanning",
        async (progress) => {
          progress.report("half way", 50.4);
          progress.report("no percentage");
          throw new Error("boom");
        },
        "token-1",
      )
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe("boom");
    expect(fake.calls).toEqual([
      "attach token-1",
      "attached.begin Scanning 0 undefined true",
      "attached.report 50 half way",
      "attached.report no percentage undefined",
      "attached.done",
    ]);
  });

  it("creates a server-side progress when the client supports it, and maps its cancel to the signal", async () => {
    const fake = fakeConnection();
    const capabilities: ClientCapabilities = { window: { workDoneProgress: true } };
    const client = new ConnectionLspClient(fake.connection, () => capabilities);
    const aborted = await client.withProgress("CodeQL", async (progress) => {
      expect(progress.signal.aborted).toBe(false);
      fake.cancel();
      return progress.signal.aborted;
    });
    expect(aborted).toBe(true);
    expect(fake.calls[0]).toBe("create");
    expect(fake.calls.at(-1)).toBe("created.done");
  });

  it("runs the work silently when the client has no progress support", async () => {
    const fake = fakeConnection();
    const client = new ConnectionLspClient(fake.connection, () => ({}));
    expect(await client.withProgress("x", async () => 42)).toBe(42);
    expect(fake.calls).toEqual([]);
  });

  it("asks workspace/configuration only when the client supports it", async () => {
    const fake = fakeConnection();
    let capabilities: ClientCapabilities = {};
    const client = new ConnectionLspClient(fake.connection, () => capabilities);
    expect(await client.getConfiguration("seclsp")).toBeUndefined();
    expect(fake.calls).toEqual([]);
    capabilities = { workspace: { configuration: true } };
    expect(await client.getConfiguration("seclsp")).toEqual({ debounceMs: 1 });
    expect(fake.calls).toEqual(["configuration seclsp"]);
  });
});
