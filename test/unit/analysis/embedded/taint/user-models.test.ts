import { beforeAll, describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import type { UserModels } from "../../../../../server/src/analysis/embedded/taint/models/user-models.js";
import { FlowPhase } from "../../../../../server/src/analysis/embedded/taint-phase.js";
import { parseConfig } from "../../../../../server/src/config/parse-config.js";

/** Taint findings (rule ids at 1-based lines) of `text` with the given user models. */
function flows(text: string, models: UserModels | undefined, threatModel: "remote" | "library" = "remote") {
  return new EmbeddedAnalyzer({ threatModel, ...(models ? { models } : {}) })
    .analyzeText({ path: "/p/app.py", text })
    .filter((f) => f.ruleId.startsWith("py/") && f.flow)
    .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}

const XSS = `from flask import Flask, request
app = Flask(__name__)

def clean_html(text):
    return text.replace("<script>", "")

@app.route("/p")
def page():
    body = clean_html(request.args["body"])
    return "<p>" + body + "</p>"
`;

describe("user models (the models setting)", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("a declared sanitizer clears the flow for its rules only", () => {
    expect(flows(XSS, undefined)).toEqual(["10:py/reflective-xss"]);
    expect(flows(XSS, { sanitizers: [{ function: "clean_html", rules: ["py/reflective-xss"] }] })).toEqual(
      [],
    );
    // A sanitizer for another rule changes nothing here.
    expect(flows(XSS, { sanitizers: [{ function: "clean_html", rules: ["py/sql-injection"] }] })).toEqual([
      "10:py/reflective-xss",
    ]);
  });

  it("matches imported functions by qualified name, through aliases", () => {
    const code = `from flask import Flask, request
import markup_tools as mt
app = Flask(__name__)

@app.route("/p")
def page():
    return "<p>" + mt.clean(request.args["body"]) + "</p>"
`;
    expect(flows(code, undefined)).toEqual(["7:py/reflective-xss"]);
    expect(flows(code, { sanitizers: [{ function: "markup_tools.clean" }] })).toEqual([]);
    expect(flows(code, { sanitizers: [{ function: "other_tools.clean" }] })).toEqual(["7:py/reflective-xss"]);
  });

  it("a declared sink reports untrusted data in the given argument, by rule id or CWE", () => {
    const code = `from flask import Flask, request
from dbkit import run_query
app = Flask(__name__)

@app.route("/u")
def user():
    run_query(request.args["q"], "fixed")
    run_query("fixed", request.args["q"])
    return "ok"
`;
    expect(flows(code, undefined)).toEqual([]);
    expect(flows(code, { sinks: [{ function: "dbkit.run_query", argument: 0, rule: "CWE-89" }] })).toEqual([
      "7:py/sql-injection",
    ]);
    expect(
      flows(code, { sinks: [{ function: "dbkit.run_query", argument: "any", rule: "py/sql-injection" }] }),
    ).toEqual(["7:py/sql-injection", "8:py/sql-injection"]);
  });

  it("a declared source taints what the call returns", () => {
    const code = `import os
from queue_client import next_message

def worker():
    os.system("handle " + next_message())
`;
    expect(flows(code, undefined)).toEqual([]);
    const findings = new EmbeddedAnalyzer({
      threatModel: "remote",
      models: { sources: [{ function: "queue_client.next_message", description: "queue message" }] },
    })
      .analyzeText({ path: "/p/worker.py", text: code })
      .filter((f) => f.ruleId === "py/command-line-injection");
    expect(findings.map((f) => f.range.start.line + 1)).toEqual([5]);
    expect(findings[0]!.message).toBe("This command line depends on a [queue message](1).");
  });

  it("reaches the flow phase the LSP's taint worker runs", () => {
    const phase = new FlowPhase();
    const xss = (models?: UserModels) =>
      phase
        .run({ path: "/p/phase.py", text: XSS }, { threatModel: "remote", ...(models ? { models } : {}) })
        .filter((f) => f.ruleId === "py/reflective-xss").length;
    expect(xss()).toBe(1);
    expect(xss({ sanitizers: [{ function: "clean_html" }] })).toBe(0);
  });

  it("re-analyzes unchanged text when the models change (no stale cached result)", () => {
    const analyzer = new EmbeddedAnalyzer({ threatModel: "remote" });
    const before = analyzer.analyzeText({ path: "/p/cached.py", text: XSS }).filter((f) => f.flow);
    expect(before.length).toBe(1);
    const withModel = new EmbeddedAnalyzer({
      threatModel: "remote",
      models: { sanitizers: [{ function: "clean_html" }] },
    });
    expect(withModel.analyzeText({ path: "/p/cached.py", text: XSS }).filter((f) => f.flow)).toEqual([]);
    expect(analyzer.analyzeText({ path: "/p/cached.py", text: XSS }).filter((f) => f.flow).length).toBe(1);
  });

  it("rejects a bad model entry with one message naming the key, keeping the rest", () => {
    const { config, problems } = parseConfig({
      threatModel: "remote",
      models: { sinks: [{ function: "dbkit.run_query", argument: 0, rule: "py/no-such-rule" }] },
    });
    expect(problems).toEqual([
      "seclsp.models.sinks.0.rule: no data-flow rule has this id or CWE (default kept)",
    ]);
    expect(config.threatModel).toBe("remote");
    expect(config.models.sinks).toEqual([]);
    const typo = parseConfig({ models: { sanitizers: [{ function: "clean html" }] } });
    expect(typo.problems.length).toBe(1);
    expect(typo.problems[0]).toMatch(
      /^seclsp\.models\.sanitizers\.0\.function: expected a qualified Python name/,
    );
    const unknownKey = parseConfig({ models: { sinks: [{ function: "a.b", rule: "CWE-89", arg: 1 }] } });
    expect(unknownKey.problems.length).toBe(1);
    expect(unknownKey.problems[0]).toMatch(/^seclsp\.models\.sinks\.0: /);
  });
});
