import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, findingLines, MD5, PICKLE, writeFiles } from "./check-project.js";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-project-config-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ShownSettings {
  projectFile: string | null;
  origins: Record<string, string>;
  settings: { threatModel: string; select: string[]; ignore: string[]; exclude: string[] };
}

// Each first analysis in a worker compiles the wasm analyzers: slow on a busy 2-core machine.
describe("seclsp check with project config files", { timeout: 180_000 }, () => {
  it("applies the nearest ancestor's file to each scanned file (root pyproject, sub-folder .seclsp.toml)", async () => {
    const root = await writeFiles(join(dir, "nested"), {
      "pyproject.toml": '[project]\nname = "x"\n\n[tool.seclsp]\nselect = ["CWE-327", "CWE-502"]\n',
      "app/hash.py": MD5,
      "app/load.py": PICKLE,
      "legacy/.seclsp.toml": 'ignore = ["CWE-327"]\n',
      "legacy/hash.py": MD5,
      "legacy/load.py": PICKLE,
    });
    const result = await check(root, {});
    const files = findingLines(result.stdout).map((line) => line.split(":")[0]);
    // legacy/ has its own file (nearest wins, no merging with the root's select).
    expect(files.sort()).toEqual(["app/hash.py", "app/load.py", "legacy/load.py"]);
    expect(result.code).toBe(1);
  });

  it("finds the project file from a sub-folder given on the command line, and excludes relative to it", async () => {
    const root = await writeFiles(join(dir, "subfolder"), {
      ".seclsp.toml": 'exclude = ["src/generated/**"]\nthreat-model = "remote"\n',
      "src/hash.py": MD5,
      "src/generated/hash.py": MD5,
    });
    const result = await check(join(root, "src"), { paths: ["."] });
    expect(findingLines(result.stdout)).toHaveLength(1);
    expect(findingLines(result.stdout)[0]).toMatch(/^hash\.py:/);
    // Excludes from the project file apply to files named on the command line (pre-commit).
    const named = await check(root, { paths: ["src/generated/hash.py"] });
    expect(findingLines(named.stdout)).toEqual([]);
    expect(named.code).toBe(0);
  });

  it("skips a pyproject.toml without [tool.seclsp] and keeps looking upwards", async () => {
    const root = await writeFiles(join(dir, "skip"), {
      "seclsp.toml": 'threatModel = "local"\n',
      "pkg/pyproject.toml": "[tool.ruff]\nline-length = 100\n",
      "pkg/m.py": "x = 1\n",
    });
    const shown = JSON.parse(
      (await check(join(root, "pkg"), { showSettings: true })).stdout,
    ) as ShownSettings;
    expect(shown.projectFile).toBe(join(root, "seclsp.toml"));
    expect(shown.settings.threatModel).toBe("local");
  });

  it("--show-settings: flags > --config > project file > defaults, with the origin of each value", async () => {
    const root = await writeFiles(join(dir, "precedence"), {
      "pyproject.toml":
        '[tool.seclsp]\nthreat-model = "remote"\nmax-file-bytes = 1000\nselect = ["CWE-89"]\n',
      "settings.json": JSON.stringify({ seclsp: { threatModel: "local", maxFileBytes: 5000 } }),
      "m.py": "x = 1\n",
    });
    const plain = JSON.parse((await check(root, { showSettings: true })).stdout) as ShownSettings;
    expect(plain.settings.threatModel).toBe("remote");
    expect(plain.origins.threatModel).toBe(join(root, "pyproject.toml"));
    const withConfig = JSON.parse(
      (await check(root, { showSettings: true, config: "settings.json" })).stdout,
    ) as ShownSettings & { settings: { maxFileBytes: number } };
    expect(withConfig.settings.threatModel).toBe("local");
    expect(withConfig.settings.maxFileBytes).toBe(5000);
    expect(withConfig.origins.threatModel).toBe(join(root, "settings.json"));
    // Keys the upper layer does not set still come from the project file.
    expect(withConfig.settings.select).toEqual(["CWE-89"]);
    expect(withConfig.origins.select).toBe(join(root, "pyproject.toml"));
    const withFlag = JSON.parse(
      (await check(root, { showSettings: true, config: "settings.json", threatModel: "library" })).stdout,
    ) as ShownSettings;
    expect(withFlag.settings.threatModel).toBe("library");
    expect(withFlag.origins.threatModel).toBe("command line");
  });

  it("a file that is not TOML: one error naming the file and the line, exit 2, nothing analyzed", async () => {
    const root = await writeFiles(join(dir, "bad-toml"), {
      ".seclsp.toml": 'threatModel = "remote"\nselect = ["CWE-89",\n',
      "m.py": MD5,
    });
    const result = await check(root, {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(join(root, ".seclsp.toml"));
    expect(result.stderr).toMatch(/not valid TOML at line \d+/);
  });

  it("a bad value: exit 2 naming the file and the key; unknown keys: a warning naming them", async () => {
    const root = await writeFiles(join(dir, "bad-value"), {
      "pyproject.toml": '[tool.seclsp]\nthreat-model = "internet"\n',
      "m.py": MD5,
    });
    const result = await check(root, {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pyproject\.toml: threatModel: /);
    const unknown = await writeFiles(join(dir, "unknown-keys"), {
      "pyproject.toml": '[tool.seclsp]\nthreat-modle = "remote"\n[tool.seclsp.embedded]\nignore-rulez = []\n',
      "m.py": MD5,
    });
    const warned = await check(unknown, {});
    expect(warned.code).toBe(1);
    expect(warned.stderr).toMatch(
      /unknown \[tool\.seclsp\] keys ignored: threat-modle, embedded\.ignore-rulez/,
    );
    expect(findingLines(warned.stdout)).toHaveLength(1);
  });

  it("a bad file in a sub-folder fails the run (exit 2) and its files are not reported", async () => {
    const root = await writeFiles(join(dir, "bad-sub"), {
      "ok/m.py": MD5,
      "broken/.seclsp.toml": "select = 5\n",
      "broken/m.py": MD5,
    });
    const result = await check(root, {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\/\.seclsp\.toml: select: /);
    expect(findingLines(result.stdout).map((l) => l.split(":")[0])).toEqual(["ok/m.py"]);
  });

  it("severity overrides by rule id or CWE change the report and --fail-on", async () => {
    const root = await writeFiles(join(dir, "severity"), {
      ".seclsp.toml": '[severity]\n"CWE-327" = "note"\n',
      "m.py": MD5,
    });
    const result = await check(root, {});
    expect(findingLines(result.stdout)[0]).toMatch(/: note /);
    expect(result.code).toBe(0);
  });

  it("stdin: `-` with --stdin-filename uses that path's project file and reports under that name", async () => {
    const root = await writeFiles(join(dir, "stdin"), {
      "pkg/.seclsp.toml": 'severity = { "CWE-327" = "error" }\n',
    });
    const result = await check(root, { paths: ["-"], stdinFilename: "pkg/unsaved.py" }, MD5);
    const lines = findingLines(result.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pkg\/unsaved\.py:5:12: error /);
    const clean = await check(root, { paths: ["-"], stdinFilename: "pkg/unsaved.py" }, "x = 1\n");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^0 findings in 1 file/);
  });
});
