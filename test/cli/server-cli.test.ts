import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, REPO_ROOT } from "./run-cli.js";

function frame(message: object): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe("seclsp --stdio", { timeout: 300_000 }, () => {
  it("answers initialize with nothing but protocol frames on stdout, and exits 0 after shutdown/exit", async () => {
    const child = spawn(process.execPath, [BIN, "--stdio"], {
      cwd: REPO_ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const responded = (id: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (stdout.includes(`"id":${id},`) || stdout.includes(`"id":${id}}`)) {
            child.stdout.off("data", check);
            resolve();
          }
        };
        child.stdout.on("data", check);
        check();
      });
    child.stdin.write(
      frame({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { processId: null, rootUri: null, capabilities: {} },
      }),
    );
    await responded(1);
    child.stdin.write(frame({ jsonrpc: "2.0", id: 2, method: "shutdown" }));
    await responded(2);
    child.stdin.write(frame({ jsonrpc: "2.0", method: "exit" }));
    expect(await exited).toBe(0);

    // Every byte on stdout belongs to a Content-Length frame holding JSON-RPC.
    const messages: { id?: number; result?: { capabilities?: object } }[] = [];
    let rest = stdout;
    while (rest.length > 0) {
      const match = /^Content-Length: (\d+)\r\n(?:[^\r\n]+\r\n)*\r\n/.exec(rest);
      expect(match, `unexpected stdout: ${rest.slice(0, 80)}`).not.toBeNull();
      const start = match![0].length;
      const body = Buffer.from(rest.slice(start), "utf8").subarray(0, Number(match![1])).toString("utf8");
      messages.push(JSON.parse(body));
      rest = rest.slice(start + body.length);
    }
    const init = messages.find((m) => m.id === 1);
    expect(init?.result?.capabilities).toBeTypeOf("object");
  });
});
