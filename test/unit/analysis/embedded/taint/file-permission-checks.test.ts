import { describe, expect, it } from "vitest";
import { taint } from "./taint-helpers.js";

describe("file permissions (py/overly-permissive-file)", () => {
  it("notes umask-narrowed creation modes and executable modes, keeps world-writable ones", async () => {
    const code = `import os
def create(path):
    return os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)
def install(script):
    os.chmod(script, 0o755)
def share(path):
    os.chmod(path, 0o777)
def expose(path):
    os.chmod(path, 0o644)
`;
    const findings = (await taint(code)).filter((f) => f.ruleId === "py/overly-permissive-file");
    const rules = findings.map((f) => `${f.range.start.line + 1}:${f.severity === "note" ? "note" : "kept"}`);
    expect(rules).toEqual(["3:note", "5:note", "7:kept", "9:kept"]);
    expect(findings[0]!.message).toMatch(/narrowed by the umask/);
  });

  it("reads stat constants and ignores modes it cannot evaluate", async () => {
    const code = `import os, stat
def a(path):
    os.chmod(path, stat.S_IRWXU | stat.S_IWOTH)
def b(path, mode):
    os.chmod(path, mode)
`;
    const findings = (await taint(code)).filter((f) => f.ruleId === "py/overly-permissive-file");
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.severity}`)).toEqual(["3:warning"]);
  });
});
