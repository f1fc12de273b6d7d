import { describe, expect, it } from "vitest";
import { taint } from "./taint-helpers.js";

async function severities(code: string, rule: string): Promise<string[]> {
  return (await taint(code))
    .filter((f) => f.ruleId === rule)
    .map((f) => `${f.range.start.line + 1}:${f.severity}`);
}

describe("check-then-use races (seclsp/toctou-race)", () => {
  it("warns when the use removes or writes a path the caller chose", async () => {
    const code = `import os
def replace(dst, data):
    if os.path.exists(dst):
        os.unlink(dst)
    with open(dst + ".new", "w") as f:
        f.write(data)
def save(path, data):
    if not os.path.exists(path):
        return
    with open(path, "w") as f:
        f.write(data)
`;
    expect(await severities(code, "seclsp/toctou-race")).toEqual(["4:warning", "10:warning"]);
  });

  it("reports a read, or a path the function computes from its own state, as a note", async () => {
    const code = `import os
class Cache:
    def load(self, name):
        if os.path.isfile(name):
            return open(name).read()
    def drop(self):
        if os.path.exists(self.path):
            os.remove(self.path)
`;
    const findings = (await taint(code)).filter((f) => f.ruleId === "seclsp/toctou-race");
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.severity}`)).toEqual(["5:note", "8:note"]);
    expect(findings[0]!.message).toMatch(/\(the use only reads the file\)\.$/);
    expect(findings[1]!.message).toMatch(/\(the path is not chosen by the caller\)\.$/);
  });

  it("does not take an attribute named like a parameter for the parameter", async () => {
    const code = `import os
class Store:
    def reset(self, path):
        if os.path.exists(self.path):
            os.remove(self.path)
`;
    expect(await severities(code, "seclsp/toctou-race")).toEqual(["5:note"]);
  });

  it("counts an open whose mode is not a literal as a write", async () => {
    const code = `import os
def put(path, mode):
    if os.path.exists(path):
        return open(path, mode)
`;
    expect(await severities(code, "seclsp/toctou-race")).toEqual(["4:warning"]);
  });
});

describe("unbounded reads (seclsp/unbounded-read)", () => {
  it("warns for request bodies and sockets, notes for generic streams and stdin", async () => {
    const code = `import sys
class Handler:
    def body(self):
        return self.rfile.read()
    def decode(self, stream):
        return stream.read()
def main():
    return sys.stdin.readlines()
`;
    const findings = (await taint(code)).filter((f) => f.ruleId === "seclsp/unbounded-read");
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.severity}`)).toEqual([
      "4:warning",
      "6:note",
      "8:note",
    ]);
    expect(findings[1]!.message).toMatch(/a local or caller-provided stream/);
  });
});

describe("parameter flows that end in a return or in metadata", () => {
  it("reports a path or HTML returned to the caller as a note with the reason", async () => {
    const code = `import os
BASE = "/srv/files"
def locate(name):
    return os.path.join(BASE, name)
def bold(text):
    return "<b>" + text + "</b>"
def read(name):
    return open(os.path.join(BASE, name)).read()
`;
    const findings = await taint(code);
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}:${f.severity}`)).toEqual([
      "4:py/path-injection:note",
      "6:py/reflective-xss:note",
      "8:py/path-injection:error",
    ]);
    expect(findings[0]!.message).toMatch(/returned: a flaw where the caller opens or serves it/);
  });

  it("reports stat and listing calls on a caller's path under a base as notes", async () => {
    const code = `import os
BASE = "/srv/files"
def size(name):
    return os.path.getsize(os.path.join(BASE, name))
def entries(folder):
    return os.listdir(os.path.join(BASE, folder))
def remove(name):
    os.remove(os.path.join(BASE, name))
`;
    const findings = (await taint(code)).filter((f) => f.ruleId === "py/path-injection");
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.severity}`)).toEqual([
      "4:note",
      "6:note",
      "8:error",
    ]);
    expect(findings[0]!.message).toMatch(/reads only metadata or names/);
  });
});
