import { describe, expect, it } from "vitest";
import {
  sharedVocabularySize,
  shareFindingStrings,
} from "../../../../server/src/analysis/embedded/shared-finding-strings.js";
import type { Finding } from "../../../../server/src/analysis/finding.js";

function finding(line: number, ruleId = "py/command-line-injection"): Finding {
  const range = { start: { line, character: 4 }, end: { line, character: 18 } };
  return {
    ruleId,
    cwes: ["CWE-78", "CWE-88"],
    severity: "error",
    message: "This command line depends on a [user-provided value](1).",
    file: "/w/app.py",
    range,
    flow: [
      { file: "/w/app.py", range, message: "source: user-provided value" },
      { file: "/w/app.py", range, message: "sink: os.system(cmd)" },
    ],
    source: "embedded",
    fingerprint: `fp-${line}`,
    helpUri: "https://codeql.github.com/codeql-query-help/python/py-command-line-injection/",
    reporters: [{ tool: "taint", ruleId }],
  };
}

describe("shareFindingStrings", () => {
  it("leaves findings equal to what the worker posted (a structured clone of them)", () => {
    const posted = [finding(3), finding(9), { ...finding(12), helpUri: undefined, flow: undefined }];
    delete posted[2]!.helpUri;
    delete posted[2]!.flow;
    const received = structuredClone(posted);
    expect(shareFindingStrings(received)).toBe(received);
    expect(received).toEqual(posted);
    expect("helpUri" in received[2]!).toBe(false);
    expect("flow" in received[2]!).toBe(false);
  });

  it("adds rule ids to its shared vocabulary only up to a bound", () => {
    const many = Array.from({ length: 6000 }, (_, i) => finding(i, `user/rule-${i}`));
    shareFindingStrings(structuredClone(many));
    expect(sharedVocabularySize()).toBeLessThanOrEqual(4096);
    // Past the bound findings are still returned whole.
    const extra = structuredClone([finding(1, "user/rule-after-bound")]);
    expect(shareFindingStrings(extra)[0]?.ruleId).toBe("user/rule-after-bound");
  });
});
