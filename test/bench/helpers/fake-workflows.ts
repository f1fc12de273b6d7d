import type { BenchWorkflows } from "../../../server/src/bench/bench-workflows.js";
import type { Hint, RepairRound } from "../../../server/src/workflows/types.js";

/**
 * A minimal stand-in for workflows/ (same contract, trivial prompts): every request starts with
 * a tag line the scripted models recognise, e.g. "[generate:self] fn=find_user". Used to test the
 * bench's bookkeeping independently of the real prompts.
 */
export const fakeWorkflows: BenchWorkflows = {
  async generate(ctx, task, { hints }) {
    const calls = [];
    let predicted: Hint[] = [];
    let hintText: string | undefined;
    const tag = `fn=${task.functionName ?? task.id} target=${task.targetCwe}`;
    if (hints === "self") {
      const reply = await ctx.models.generator.complete([
        { role: "user", content: `[hints] ${tag}\n${task.prompt}` },
      ]);
      calls.push(reply.call);
      predicted = parseHintLines(reply.text);
    }
    if (hints === "contextual") {
      const reply = await ctx.models.explainer.complete([
        { role: "user", content: `[context] ${tag}\n${task.prompt}` },
      ]);
      calls.push(reply.call);
      hintText = reply.text;
    }
    if (hints === "cwe-definition") hintText = `${task.targetCwe}: official name`;
    const conversation = [{ role: "user" as const, content: `[generate:${hints}] ${tag}\n${task.prompt}` }];
    const reply = await ctx.models.generator.complete(conversation);
    calls.push(reply.call);
    const full = [...conversation, { role: "assistant" as const, content: reply.text }];
    let code: string;
    try {
      code = extractCode(reply.text);
    } catch (error) {
      // Same contract as workflows/generate.ts: no code → code "" and an error, not an exception.
      return {
        code: "",
        hints: predicted,
        hintText,
        findings: [],
        conversation: full,
        calls,
        error: String((error as Error).message),
      };
    }
    const findings = await ctx.analyze(code);
    const fn = task.functionName;
    return {
      code,
      hints: predicted,
      hintText,
      findings,
      conversation: full,
      calls,
      signatureChanged: fn && !code.includes(`def ${fn}(`) ? `function ${fn} is missing` : undefined,
    };
  },

  async repair(ctx, code, findings, { feedback, maxRounds = 3 }) {
    const rounds: RepairRound[] = [];
    let current = code;
    let currentFindings = findings;
    for (let round = 1; round <= maxRounds && currentFindings.length > 0; round++) {
      const calls = [];
      let text = currentFindings
        .map((f) => `${f.ruleId} line ${f.range.start.line + 1}: ${f.message}`)
        .join("\n");
      if (feedback === "explained") {
        const explanation = await ctx.models.explainer.complete([
          { role: "user", content: `[explain]\n${text}\n${current}` },
        ]);
        calls.push(explanation.call);
        text = explanation.text;
      }
      const reply = await ctx.models.generator.complete([
        { role: "user", content: `[repair:${feedback}]\n${current}` },
      ]);
      calls.push(reply.call);
      current = extractCode(reply.text) || current;
      const before = currentFindings;
      currentFindings = await ctx.analyze(current);
      rounds.push({
        round,
        feedback: text,
        code: current,
        findings: currentFindings,
        resolved: currentFindings.length === 0,
        introduced: currentFindings.filter((f) => !before.some((b) => b.ruleId === f.ruleId)),
        calls,
      });
    }
    return { rounds, code: current, findings: currentFindings, verified: currentFindings.length === 0 };
  },

  async explainFinding(ctx, code, finding) {
    const reply = await ctx.models.explainer.complete([
      { role: "user", content: `[explain]\n${finding.message}\n${code}` },
    ]);
    return { markdown: reply.text, calls: [reply.call] };
  },

  hintRelevance(hints, targetCwe) {
    return hints.some((h) => h.cwe === targetCwe);
  },

  async judgeHint(ctx, hint, definition) {
    const reply = await ctx.models.judge.complete([
      { role: "user", content: `[judge] ${hint.cwe}: ${hint.description}\n${definition}` },
    ]);
    return {
      verdict: /imprecise/.test(reply.text) ? "imprecise" : "precise",
      reason: reply.text,
      calls: [reply.call],
    };
  },

  async officialDefinition(cwe) {
    return `${cwe}: the official definition`;
  },
};

function parseHintLines(text: string): Hint[] {
  return [...text.matchAll(/(CWE-\d+): ([^-\n]+) - ([^\n]+)/g)].map((m) => ({
    cwe: m[1]!,
    name: m[2]!.trim(),
    description: m[3]!.trim(),
  }));
}

function extractCode(text: string): string {
  const match = /```python\n([\s\S]*?)```/.exec(text);
  if (!match) throw new Error("model returned no code");
  return match[1]!;
}
