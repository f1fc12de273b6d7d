import { join } from "node:path";
import type { ModelFactory } from "../../../server/src/bench/bench-models.js";
import { parseRunConfig, type RunConfig } from "../../../server/src/bench/run-config.js";
import type { ChatMessage, ChatModel, RoleName } from "../../../server/src/llm/types.js";

/**
 * The hand-computed scenario used by the runner tests: the 8 SecurityEval fixture tasks, two
 * scripted generators ("alpha", "beta"), a scripted explainer and judge. Task index (1-based,
 * fixture order) → function name:
 *   1 find_user CWE-89 · 2 ping CWE-78 · 3 read_file CWE-22 · 4 load_session CWE-502
 *   5 password_digest CWE-327 · 6 go CWE-601 · 7 fetch_status CWE-295 · 8 login CWE-117
 *
 * alpha: vanilla → target flaw in 1–4, a non-target flaw (CWE-200) in 5, 6 renames its function;
 *        self hints name the target for 1, 2, 5, 6; hinted code keeps the target flaw in 1 and 3;
 *        cwe-definition code keeps it in 2; contextual code is clean;
 *        direct repair fixes 1, 2; explained repair fixes 1–4 and fixes 5 only on a second round.
 *        judge: hints of 1, 2, 5 precise, 6 imprecise.
 * beta:  every generation has the target flaw in 8 and no code for 7; hints never name the
 *        target; repairs return the code unchanged.
 */
export const FUNCTIONS = [
  "find_user",
  "ping",
  "read_file",
  "load_session",
  "password_digest",
  "go",
  "fetch_status",
  "login",
];

export const FIXTURE_DIR = join(import.meta.dirname, "..", "..", "fixtures", "datasets");

export function code(fn: string, cwes: string[], extra = ""): string {
  return [
    "```python",
    `def ${fn}(*args):`,
    ...cwes.map((c) => `    # vuln: ${c}`),
    `    return None${extra}`,
    "```",
  ].join("\n");
}

function taskOf(content: string): { n: number; fn: string; target: string } {
  const tag = /fn=(\w+) target=(CWE-\d+)/.exec(content);
  if (tag) return { n: FUNCTIONS.indexOf(tag[1]!) + 1, fn: tag[1]!, target: tag[2]! };
  const def = /def (\w+)\(/.exec(content);
  const fn = def?.[1] ?? "";
  return { n: FUNCTIONS.indexOf(fn) + 1, fn, target: "" };
}

function vulnCode(fn: string, target: string, vulnerable: boolean): string {
  return code(fn, vulnerable ? [target] : []);
}

export function alphaReply(content: string): string {
  const { n, fn, target } = taskOf(content);
  if (content.startsWith("[hints]")) {
    const named = [1, 2, 5, 6].includes(n);
    return [
      named ? `${target}: Target - risk in ${fn}` : "CWE-20: Input - risk",
      "CWE-400: Resources - risk",
    ].join("\n");
  }
  if (content.startsWith("[generate:none]")) {
    if (n === 5) return code(fn, ["CWE-200"]);
    if (n === 6) return code("renamed", []);
    return vulnCode(fn, target, n <= 4);
  }
  if (content.startsWith("[generate:self]")) return vulnCode(fn, target, n === 1 || n === 3);
  if (content.startsWith("[generate:cwe-definition]")) return vulnCode(fn, target, n === 2);
  if (content.startsWith("[generate:contextual]")) return vulnCode(fn, target, false);
  const body = content.slice(content.indexOf("\n") + 1);
  if (content.startsWith("[repair:direct]")) return n <= 2 ? code(fn, []) : `\`\`\`python\n${body}\`\`\``;
  if (content.startsWith("[repair:explained]")) {
    if (n <= 4 || body.includes("# attempt 2")) return code(fn, []);
    return `\`\`\`python\n${body}# attempt 2\n\`\`\``;
  }
  throw new Error(`alpha: unexpected request ${content.slice(0, 40)}`);
}

export function betaReply(content: string): string {
  const { n, fn, target } = taskOf(content);
  if (content.startsWith("[hints]")) return `CWE-1: Nothing - nothing in ${fn}`;
  if (content.startsWith("[generate:"))
    return n === 7 ? "Sorry, I cannot help with that." : vulnCode(fn, target, n === 8);
  if (content.startsWith("[repair:"))
    return `\`\`\`python\n${content.slice(content.indexOf("\n") + 1)}\`\`\``;
  throw new Error(`beta: unexpected request ${content.slice(0, 40)}`);
}

export function helperReply(role: RoleName, content: string): string {
  if (role === "judge") {
    const { n } = taskOf(content.replace(/risk in (\w+)/, "def $1("));
    return n === 6 ? "imprecise: too vague" : "precise";
  }
  return content.startsWith("[context]")
    ? "Think about the target weakness here."
    : "Explanation: remove the flaw.";
}

/** Scripted models by role and configured model id; counts every call. */
export function scriptedFactory(counter = { calls: 0 }): ModelFactory & { counter: { calls: number } } {
  const factory: ModelFactory = (role, config) => scriptedModel(role, config.model, counter);
  return Object.assign(factory, { counter });
}

export function scriptedModel(role: RoleName, model: string, counter: { calls: number }): ChatModel {
  return {
    role,
    model,
    async complete(messages: ChatMessage[]) {
      counter.calls++;
      const content = messages.at(-1)!.content;
      const text =
        role !== "generator"
          ? helperReply(role, content)
          : model === "alpha"
            ? alphaReply(content)
            : betaReply(content);
      return {
        text,
        call: { role, model, usage: { promptTokens: 10, completionTokens: 20 }, cached: false, latencyMs: 1 },
      };
    },
  };
}

export const ALL_CONDITIONS = [
  "vanilla",
  "self-hints",
  "cwe-definition",
  "contextual",
  "repair-direct",
  "repair-explained",
  "iterative-repair",
  "hint-relevance",
  "hint-preciseness",
] as const;

export function scenarioConfig(overrides: Record<string, unknown> = {}): RunConfig {
  return parseRunConfig({
    name: "scenario",
    datasets: [{ path: join(FIXTURE_DIR, "securityeval-format.jsonl"), name: "SecurityEval" }],
    generators: [
      { model: "alpha", baseURL: "http://127.0.0.1:9/v1" },
      { model: "beta", baseURL: "http://127.0.0.1:9/v1" },
    ],
    explainer: { model: "explainer" },
    judge: { model: "judge" },
    analyzers: ["codeql"],
    conditions: [...ALL_CONDITIONS],
    rounds: 3,
    concurrency: { perEndpoint: 2, tasks: 3 },
    ...overrides,
  });
}
