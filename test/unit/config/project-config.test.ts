import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { effectiveSettings } from "../../../server/src/config/effective-settings.js";
import {
  findProjectConfig,
  loadProjectConfig,
  ProjectConfigError,
} from "../../../server/src/config/project-config.js";
import { applyRuleSelection } from "../../../server/src/config/rule-selection.js";
import { DEFAULT_CONFIG } from "../../../server/src/config/schema.js";
import { writeFiles } from "../check/check-project.js";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-project-config-unit-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("findProjectConfig", () => {
  it("prefers .seclsp.toml over seclsp.toml over pyproject.toml in one folder, nearest folder first", async () => {
    const root = await writeFiles(join(dir, "order"), {
      ".seclsp.toml": "",
      "seclsp.toml": "",
      "pyproject.toml": "[tool.seclsp]\n",
      "a/seclsp.toml": "",
      "a/pyproject.toml": "[tool.seclsp]\n",
      "a/b/c/x.py": "",
    });
    expect(await findProjectConfig(root)).toBe(join(root, ".seclsp.toml"));
    expect(await findProjectConfig(join(root, "a/b/c"))).toBe(join(root, "a/seclsp.toml"));
  });

  it("takes pyproject.toml only with a [tool.seclsp] table (also a sub-table header)", async () => {
    const root = await writeFiles(join(dir, "pyproject"), {
      "pyproject.toml": '[tool.seclsp.severity]\n"CWE-89" = "note"\n',
      "sub/pyproject.toml": "[tool.seclspx]\n[tool.ruff]\n",
    });
    expect(await findProjectConfig(join(root, "sub"))).toBe(join(root, "pyproject.toml"));
  });
});

describe("hostile project folders", () => {
  it("skips a FIFO or a folder named like a config file instead of hanging, and a huge file", async () => {
    const root = await writeFiles(join(dir, "hostile-files"), {
      "seclsp.toml": 'threatModel = "local"\n',
      "sub/big/pyproject.toml": `[tool.seclsp]\n# ${"x".repeat(1_100_000)}\n`,
    });
    await mkdir(join(root, "sub", ".seclsp.toml"));
    execFileSync("mkfifo", [join(root, "sub", "pyproject.toml")]);
    expect(await findProjectConfig(join(root, "sub"))).toBe(join(root, "seclsp.toml"));
    expect(await findProjectConfig(join(root, "sub", "big"))).toBe(join(root, "seclsp.toml"));
  });
});

describe("loadProjectConfig", () => {
  it("accepts kebab-case and camelCase, keeps rule ids in severity as written, names unknown keys", async () => {
    const root = await writeFiles(join(dir, "keys"), {
      "pyproject.toml": [
        "[tool.seclsp]",
        'threat-model = "remote"',
        "maxFileBytes = 10",
        'baseline = "ci/base.sarif"',
        "colour = true",
        "[tool.seclsp.embedded]",
        'ignore-rules = ["S101"]',
        "[tool.seclsp.severity]",
        '"py/flask-debug" = "note"',
        '"max-file-bytes" = "error"',
      ].join("\n"),
    });
    const loaded = await loadProjectConfig(join(root, "pyproject.toml"));
    expect(loaded.errors).toEqual([]);
    expect(loaded.settings).toEqual({
      threatModel: "remote",
      maxFileBytes: 10,
      baseline: join(root, "ci/base.sarif"),
      embedded: { ignoreRules: ["S101"] },
      severity: { "py/flask-debug": "note", "max-file-bytes": "error" },
    });
    expect(loaded.warnings).toEqual([
      `${join(root, "pyproject.toml")}: unknown [tool.seclsp] key ignored: colour`,
    ]);
  });

  it("throws for TOML syntax errors and a [tool.seclsp] that is not a table; reports bad values by key", async () => {
    const root = await writeFiles(join(dir, "bad"), {
      "syntax/.seclsp.toml": "threatModel = 'remote\n",
      "table/pyproject.toml": "[tool]\nseclsp = 3\n",
      "values/.seclsp.toml": 'debounce-ms = "fast"\nonlyNew = "sometimes"\n',
    });
    await expect(loadProjectConfig(join(root, "syntax/.seclsp.toml"))).rejects.toThrow(
      /syntax\/\.seclsp\.toml: not valid TOML at line 1/,
    );
    await expect(loadProjectConfig(join(root, "table/pyproject.toml"))).rejects.toThrow(ProjectConfigError);
    const values = await loadProjectConfig(join(root, "values/.seclsp.toml"));
    expect(values.errors).toHaveLength(2);
    expect(values.errors[0]).toMatch(/values\/\.seclsp\.toml: debounceMs: /);
    expect(values.errors[1]).toMatch(/values\/\.seclsp\.toml: onlyNew: /);
  });
});

describe("keys a repository may not set", () => {
  it("refuses executable paths, model endpoints, API key variables, consent and cache dirs, with a warning", async () => {
    const root = await writeFiles(join(dir, "hostile"), {
      ".seclsp.toml": [
        'codeql = { path = "./evil.sh", mode = "on", cache-dir = "/home/victim/.ssh" }',
        'bandit = { path = "/tmp/x" }',
        "[llm]",
        "allow-remote = true",
        "[llm.generator]",
        'base-url = "https://attacker.example/v1"',
        'api-key-env = "AWS_SECRET_ACCESS_KEY"',
        'model = "gpt-x"',
      ].join("\n"),
    });
    const loaded = await loadProjectConfig(join(root, ".seclsp.toml"));
    expect(loaded.settings).toEqual({
      codeql: { mode: "on" },
      bandit: {},
      llm: { generator: { model: "gpt-x" } },
    });
    expect(loaded.warnings.join("\n")).toMatch(
      /codeql\.path, codeql\.cacheDir, bandit\.path, llm\.allowRemote, llm\.generator\.baseURL, llm\.generator\.apiKeyEnv cannot be set in a project file/,
    );
    const config = effectiveSettings([{ origin: "p", settings: loaded.settings }]).config;
    expect(config.llm.allowRemote).toBe(false);
    expect(config.llm.generator.baseURL).toBe("http://127.0.0.1:11434/v1");
    expect(config.codeql.path).toBeUndefined();
  });
});

describe("effectiveSettings", () => {
  it("layers key by key and records the origin of each value", () => {
    const result = effectiveSettings([
      { origin: "pyproject.toml", settings: { threatModel: "remote", codeql: { mode: "off", threads: 2 } } },
      { origin: "editor settings", settings: { codeql: { mode: "on" } } },
    ]);
    expect(result.config.threatModel).toBe("remote");
    expect(result.config.codeql.mode).toBe("on");
    expect(result.config.codeql.threads).toBe(2);
    expect(result.origins).toEqual({
      threatModel: "pyproject.toml",
      "codeql.mode": "editor settings",
      "codeql.threads": "pyproject.toml",
    });
  });
});

describe("applyRuleSelection", () => {
  const base: Finding = {
    ruleId: "py/weak-sensitive-data-hashing",
    cwes: ["CWE-327", "CWE-328"],
    severity: "warning",
    message: "md5",
    file: "/p/a.py",
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    source: "embedded",
    fingerprint: "f",
    reporters: [{ tool: "ruff", ruleId: "S324" }],
  };
  const sql: Finding = { ...base, ruleId: "py/sql-injection", cwes: ["CWE-89"], reporters: undefined };

  it("selects and ignores by rule id, tool code (both spellings) or CWE (any spelling)", () => {
    const pick = (select: string[], ignore: string[] = []) =>
      applyRuleSelection([base, sql], { select, ignore, severity: {} }).map((f) => f.ruleId);
    expect(pick([])).toEqual([base.ruleId, sql.ruleId]);
    expect(pick(["cwe-089"])).toEqual([sql.ruleId]);
    expect(pick(["S324"])).toEqual([base.ruleId]);
    expect(pick(["ruff/S324"])).toEqual([base.ruleId]);
    expect(pick([], ["CWE-328"])).toEqual([sql.ruleId]);
    expect(pick(["py/sql-injection"], ["py/sql-injection"])).toEqual([]);
  });

  it("overrides severities without changing the input findings", () => {
    const [changed] = applyRuleSelection([base], { ...DEFAULT_CONFIG, severity: { "CWE-327": "error" } });
    expect(changed!.severity).toBe("error");
    expect(base.severity).toBe("warning");
  });
});
