import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FAKE_CODEQL } from "../fakes/fake-codeql-helpers.js";
import { FaultSession } from "./stdio-session.js";

/**
 * External backends failing over real stdio: CodeQL (missing, exit 2, hang past the timeout,
 * truncated SARIF) and Bandit (missing, crashing, hanging). Each time: one clear message to the
 * user, the embedded diagnostics still published, no edit applied, the server keeps serving.
 */
const work = mkdtempSync(join(tmpdir(), "seclsp-faults-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let session: FaultSession | undefined;
afterEach(() => {
  session?.client.kill();
  session = undefined;
});

let counter = 0;
function uniqueUri(): string {
  return `file://${work}/case-${++counter}/app.py`;
}

const hasEmbeddedCwe502 = (diagnostics: { message: string }[]) =>
  diagnostics.some((d) => d.message.includes("CWE-502"));

async function expectFault(
  env: NodeJS.ProcessEnv,
  settings: object,
  message: RegExp,
): Promise<{ session: FaultSession; text: string }> {
  session = new FaultSession({ ...process.env, SECLSP_LOG_LEVEL: "info", ...env });
  await session.initialize({ logLevel: "info", ...settings });
  const uri = uniqueUri();
  const first = await session.openAndSave(uri);
  expect(hasEmbeddedCwe502(first.diagnostics)).toBe(true);
  const text = await session.message(message);
  const after = await session.stillServing(uri);
  expect(hasEmbeddedCwe502(after.diagnostics)).toBe(true);
  expect(session.appliedEdits).toEqual([]);
  expect(session.client.stderr).not.toMatch(/unhandled ?rejection|uncaught ?exception/i);
  await session.stop();
  return { session, text };
}

const codeql = (extra: object = {}) => ({
  codeql: { mode: "on", path: FAKE_CODEQL, cacheDir: join(work, `codeql-cache-${++counter}`), ...extra },
  bandit: { mode: "off" },
});

describe("CodeQL faults (fake CLI over stdio)", () => {
  it("control: without a fault, CodeQL's finding is published next to the embedded ones", async () => {
    session = new FaultSession({ ...process.env });
    await session.initialize(codeql());
    const uri = uniqueUri();
    await session.openAndSave(uri);
    const withCodeql = await session.client.diagnostics(uri, (p) =>
      p.diagnostics.some((d) => /codeql/i.test(`${d.source} ${JSON.stringify(d.data ?? "")}`)),
    );
    expect(hasEmbeddedCwe502(withCodeql.diagnostics)).toBe(true);
    await session.stop();
  }, 90_000);

  it("missing CLI (configured path does not exist) → warning naming seclsp.codeql.path", async () => {
    const { text } = await expectFault(
      {},
      codeql({ path: join(work, "no-such-codeql") }),
      /seclsp\.codeql\.path = .*no-such-codeql is not an executable file/,
    );
    expect(text).toMatch(/Install the CodeQL bundle/);
  }, 90_000);

  it("exit 2 → 'CodeQL failed ... exit 2', embedded results still shown", async () => {
    const { text } = await expectFault(
      { FAKE_CODEQL_FAIL: "2" },
      codeql(),
      /CodeQL failed: codeql database create failed \(exit 2/,
    );
    expect(text).toMatch(/embedded results are still shown/);
  }, 90_000);

  it("hang past seclsp.codeql.timeoutMs → killed, timeout message", async () => {
    await expectFault(
      { FAKE_CODEQL_HANG: "1" },
      codeql({ timeoutMs: 1500 }),
      /CodeQL failed: codeql database create timed out after 1500 ms \(seclsp\.codeql\.timeoutMs\)/,
    );
  }, 90_000);

  it("truncated SARIF → 'unreadable SARIF'", async () => {
    await expectFault(
      { FAKE_CODEQL_TRUNCATE: "1" },
      codeql(),
      /CodeQL failed: codeql database analyze wrote unreadable SARIF/,
    );
  }, 90_000);
});

/** A fake `bandit` on PATH: `--version` works; analysis crashes or hangs per FAKE_BANDIT_MODE. */
function fakeBanditDir(): string {
  const dir = mkdtempSync(join(work, "bin-"));
  const script = join(dir, "bandit");
  writeFileSync(
    script,
    [
      `#!${process.execPath}`,
      'if (process.argv.includes("--version")) { console.log("bandit 1.7.10"); process.exit(0); }',
      'if (process.env.FAKE_BANDIT_MODE === "hang") setInterval(() => {}, 1000);',
      'else { console.error("Traceback (most recent call last):\\nRuntimeError: fake bandit crash"); process.exit(2); }',
      "",
    ].join("\n"),
  );
  chmodSync(script, 0o755);
  return dir;
}

const bandit = (extra: object = {}) => ({ codeql: { mode: "off" }, bandit: { mode: "on", ...extra } });

describe("Bandit faults (fake bandit on PATH over stdio)", () => {
  it("missing (not on PATH) → warning with install hint", async () => {
    const empty = mkdtempSync(join(work, "empty-"));
    const { text } = await expectFault({ PATH: empty }, bandit(), /Bandit not found on PATH/);
    expect(text).toMatch(/pipx install bandit|seclsp\.bandit\.path/);
  }, 90_000);

  it("crashing (exit 2) → 'Bandit failed ... exit 2' with its stderr", async () => {
    const { text } = await expectFault(
      { PATH: fakeBanditDir(), FAKE_BANDIT_MODE: "crash" },
      bandit(),
      /Bandit failed: bandit failed \(exit 2\)/,
    );
    expect(text).toMatch(/embedded results are still shown/);
  }, 90_000);

  it("hanging → killed after seclsp.bandit.timeoutMs", async () => {
    await expectFault(
      { PATH: fakeBanditDir(), FAKE_BANDIT_MODE: "hang" },
      bandit({ timeoutMs: 1500 }),
      /Bandit failed: bandit timed out after 1500 ms/,
    );
  }, 90_000);
});
