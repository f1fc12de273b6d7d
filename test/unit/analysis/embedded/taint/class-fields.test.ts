import { describe, expect, it } from "vitest";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";
import { rules, taint } from "./taint-helpers.js";

describe("self.attr across the methods of a class", () => {
  it("a parameter stored in __init__ reaches a sink in another method; a constant attribute does not", async () => {
    const text = `import os
class Job:
    def __init__(self, target):
        self.target = target
        self.tool = "ls -l"

    def run(self):
        os.system(self.tool)
        os.system("ping -c 1 " + self.target)
`;
    expect(rules(await taint(text))).toEqual(["9:py/command-line-injection"]);
  });

  it("takes writes from any method, in any order, and keeps sanitizers", async () => {
    const text = `import os, shlex
from flask import request
class Job:
    def report(self):
        os.system("echo " + self.host)
        os.system("echo " + self.safe)

    def load(self):
        self.host = request.args["h"]
        self.safe = shlex.quote(request.args["h"])
`;
    expect(rules(await taint(text, "remote"))).toEqual(["5:py/command-line-injection"]);
  });

  it("a local write in the reading method wins; classes do not share attributes", async () => {
    const text = `import os
from flask import request
class A:
    def __init__(self):
        self.cmd = request.args["c"]

    def run(self):
        self.cmd = "uptime"
        os.system(self.cmd)

class B:
    def run(self):
        os.system(self.cmd)
`;
    expect(rules(await taint(text, "remote"))).toEqual([]);
  });

  it("setattr(self, name, value) with an unknown name may be any attribute", async () => {
    const text = `import os
class Options:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def run(self):
        os.system(self.command)
`;
    expect(rules(await taint(text))).toEqual(["8:py/command-line-injection"]);
  });

  it("an edit of the writer updates the reader's findings (per-function cache)", async () => {
    const analysis = await TaintAnalysis.create();
    try {
      const path = "/tmp/fields.py";
      const before = `import os
from flask import request
class Job:
    def __init__(self):
        self.cmd = "uptime"

    def run(self):
        os.system(self.cmd)
`;
      const after = before.replace('"uptime"', 'request.args["c"]');
      expect(rules(analysis.analyze({ path, text: before }, "remote"))).toEqual([]);
      expect(rules(analysis.analyze({ path, text: after }, "remote"))).toEqual([
        "8:py/command-line-injection",
      ]);
      expect(rules(analysis.analyze({ path, text: before }, "remote"))).toEqual([]);
    } finally {
      analysis.dispose();
    }
  });
});
