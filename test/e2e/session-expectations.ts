import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { describeRun, type EditorRun, lineOf, shippedSettings, VULNERABLE_PY } from "./editor-run.js";

/** The finding every editor suppresses: stable whatever the taint engine confirms (ruff S324 → CodeQL id). */
export const TARGET_CODE = "py/weak-sensitive-data-hashing";
export const SUPPRESS_TITLE = `Suppress ${TARGET_CODE} on this line`;

/**
 * Pattern or flow finding, depending on whether the taint engine confirms the flow from the
 * parameter (threatModel "library"): either code is the right one for that line.
 */
const PICKLE_CODES = /^(py\/unsafe-deserialization|ruff\/S301)$/;
const SHELL_CODES = /^(py\/command-line-injection|ruff\/S602)$/;

/**
 * What every editor session must show: the three findings of fixtures/vulnerable.py on their
 * lines, the shipped settings answered to workspace/configuration, the Suppress action listed
 * and applied by the editor, and the re-analysis without the suppressed finding.
 */
export function expectSuppressSession(run: EditorRun, file: string): void {
  const result = run.result;
  expect(result?.ok, describeRun(run)).toBe(true);
  if (!result) return;
  const md5Line = lineOf(file, "hashlib.md5");
  const pickleLine = lineOf(file, "pickle.loads");
  const shellLine = lineOf(file, "shell=True");

  expect(result.diagnostics).toContainEqual(
    expect.objectContaining({ line: md5Line, code: TARGET_CODE, source: "seclsp" }),
  );
  expect(result.diagnostics).toContainEqual(
    expect.objectContaining({
      line: pickleLine,
      code: expect.stringMatching(PICKLE_CODES),
      source: "seclsp",
    }),
  );
  expect(result.diagnostics).toContainEqual(
    expect.objectContaining({ line: shellLine, code: expect.stringMatching(SHELL_CODES), source: "seclsp" }),
  );
  expect(result.targetLine).toBe(md5Line);

  // The server runs with the shipped settings (initializationOptions + the editor's settings).
  expect(result.effectiveConfig).toMatchObject(shippedSettings());
  // Editors that announce workspace/configuration (not Neovim 0.7, which pushes
  // didChangeConfiguration instead) answered it with exactly the shipped section.
  const answers = (result.configurationAnswers ?? []).filter((a) => a.items[0]?.section === "seclsp");
  expect(answers.length > 0).toBe(result.advertisesConfiguration === true);
  for (const answer of answers) expect(answer.answer[0]).toEqual(shippedSettings());

  // Listed, chosen, and applied by the editor itself: only the target line changed.
  expect((result.actions ?? []).map((a) => a.title)).toContain(SUPPRESS_TITLE);
  expect(result.chosenAction).toBe(SUPPRESS_TITLE);
  const lines = (result.text ?? "").split("\n");
  expect(lines[md5Line]).toBe(
    `    return hashlib.md5(password.encode()).hexdigest()  # seclsp: ignore[${TARGET_CODE}]`,
  );
  const original = readFileSync(VULNERABLE_PY, "utf8").split("\n");
  expect(lines.filter((line, i) => line !== original[i])).toEqual([lines[md5Line]]);

  // The server re-analyzed the edited text: the suppressed finding is gone, the others stay.
  expect(result.diagnosticsAfter).not.toContainEqual(
    expect.objectContaining({ line: md5Line, code: TARGET_CODE }),
  );
  expect(result.diagnosticsAfter).toContainEqual(
    expect.objectContaining({ line: pickleLine, source: "seclsp" }),
  );
  expect(result.diagnosticsAfter).toContainEqual(
    expect.objectContaining({ line: shellLine, source: "seclsp" }),
  );

  // The editor's own shutdown (shutdown request, exit notification) ended the server process.
  expect(result.stopped).toBe(true);

  // Our own helper (M-x seclsp-suppress, <leader>ss) on another finding: same kind of edit.
  const wrapper = result.wrapper as { line: number; code: string; text: string } | undefined;
  expect([pickleLine, shellLine], "the shipped suppress helper ran on a second finding").toContain(
    wrapper?.line,
  );
  const edited = wrapper?.text.split("\n")[wrapper.line] ?? "";
  expect(edited).toBe(`${original[wrapper?.line ?? -1]}  # seclsp: ignore[${wrapper?.code}]`);
}

/** The pickle finding the fix tests repair (the taint engine confirms the flow from `blob`). */
export const FIX_CODE = "py/unsafe-deserialization";
export const FIX_ACTION = `Fix ${FIX_CODE} (direct feedback)`;

/** What the fake model answers: the fixture with pickle replaced by json. */
export function fixedFixture(): string {
  return readFileSync(VULNERABLE_PY, "utf8")
    .replace("import pickle", "import json")
    .replace("pickle.loads(blob)", "json.loads(blob)");
}

const VULNERABLE_BODY = "    return pickle.loads(blob)\n";
const FIXED_BODY = "    import json\n\n    return json.loads(blob)\n";

/**
 * The file after the whole-file reply (fixedFixture): the function replaced in place, and the
 * import change merged the way seclsp merges imports (workflows/import-merge.ts) — `pickle`,
 * now unused, removed; `json` added after the last import — every other byte kept.
 */
export function fixedByWholeFileReply(): string {
  const original = readFileSync(VULNERABLE_PY, "utf8");
  return original
    .replace("import pickle\n", "")
    .replace("import subprocess\n", "import subprocess\nimport json\n")
    .replace("pickle.loads(blob)", "json.loads(blob)");
}

/** A reply with only the fixed function, as models often answer (self-contained: no module-level change). */
export function fixedFunctionReply(): string {
  return `Here is the fixed function:\n\n\`\`\`python\ndef load_session(blob):\n${FIXED_BODY}\`\`\`\n`;
}

/** The file after that reply: the function replaced, every other byte of the file kept. */
export function fixedByFunctionReply(): string {
  const original = readFileSync(VULNERABLE_PY, "utf8");
  if (!original.includes(VULNERABLE_BODY)) throw new Error("fixture changed: update VULNERABLE_BODY");
  return original.replace(VULNERABLE_BODY, FIXED_BODY);
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The rule id appears exactly once in what the editor draws for a finding (not hidden, not doubled). */
export function expectRuleIdShownOnce(shown: unknown, code: string = TARGET_CODE): void {
  expect(typeof shown, "what the editor shows for the finding was recorded").toBe("string");
  expect(occurrences(String(shown), code), `${code} exactly once in: ${String(shown)}`).toBe(1);
}

/**
 * scanWorkspace and debugInfo, run through the shipped helpers, each ended with a message the
 * editor showed (window/showMessage), and debug info also opened its own buffer/window.
 */
export function expectVisibleCommandAnswers(run: EditorRun): void {
  const result = run.result;
  const scan = (result?.scanMessages ?? []) as string[];
  const debug = (result?.debugInfoMessages ?? []) as string[];
  expect(scan.length, `a message after scanWorkspace\n${describeRun(run)}`).toBeGreaterThan(0);
  expect(scan.every((message) => message.trim() !== "")).toBe(true);
  expect(debug.length, `a message after debugInfo\n${describeRun(run)}`).toBeGreaterThan(0);
  expect(String((result?.debugInfoWindow as string[] | undefined)?.join("\n") ?? "")).toContain("embedded");
}

/**
 * A fix session: the editor listed the Fix action, ran its command, the server asked the fake
 * model once (direct feedback: the finding's rule and line in the prompt), and the editor applied
 * the workspace/applyEdit so that its buffer holds exactly the fixed file.
 */
export function expectFixSession(
  run: EditorRun,
  file: string,
  requests: Array<{ body?: { messages: Array<{ content: string }> } }>,
  chosen: string = FIX_ACTION,
  fixedText: string = fixedByWholeFileReply(),
): void {
  const result = run.result;
  // The buffer right after the fix first (recorded even when a later step fails): a lost or
  // mangled file shows here as a text diff.
  if (typeof result?.text === "string") {
    expect(result.text.replace(/\n$/, ""), "the buffer after the fix").toBe(fixedText.replace(/\n$/, ""));
  }
  expect(result?.ok, describeRun(run)).toBe(true);
  if (!result) return;
  // The original fixture: editors that save (eglot harness) already hold the fix on disk.
  const pickleLine = lineOf(VULNERABLE_PY, "pickle.loads");
  expect(result.targetLine).toBe(pickleLine);
  expect((result.actions ?? []).map((a) => a.title)).toEqual(
    expect.arrayContaining([`Explain ${FIX_CODE}`, `Fix ${FIX_CODE} (explained feedback)`, FIX_ACTION]),
  );
  expect(result.chosenAction).toBe(chosen);
  expect(requests).toHaveLength(1);
  const prompt = requests[0]?.body?.messages.map((m) => m.content).join("\n") ?? "";
  expect(prompt).toContain(`${FIX_CODE} (CWE-502) at line ${pickleLine + 1}`);
  expect(result.text?.replace(/\n$/, "")).toBe(fixedText.replace(/\n$/, ""));
  expect(result.diagnosticsAfter).not.toContainEqual(expect.objectContaining({ line: pickleLine }));
  if (typeof result.savedText === "string") expect(readFileSync(file, "utf8")).toBe(result.savedText);
}
