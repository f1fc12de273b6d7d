import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { z } from "zod";
import { parseConfig } from "../../server/src/config/parse-config.js";
import { EDITOR_TEST_TIMEOUT_MS, REPO } from "./editor-run.js";
import { settingsJsonSchema } from "./jetbrains/settings-schema.js";

const TEMPLATE_DIR = join(REPO, "clients", "jetbrains");
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(TEMPLATE_DIR, name), "utf8"));

// The files LSP4IJ imports from a user-defined server template folder (its own templates live in
// src/main/resources/templates/<id>/). Strict: an unknown key is most likely a typo LSP4IJ ignores.
const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    // Without it LSP4IJ links the server to a docs page of its own that does not exist.
    url: z.string().url(),
    programArgs: z.object({ default: z.string().min(1), windows: z.string().min(1).optional() }).strict(),
    fileTypeMappings: z
      .array(
        z
          .object({
            fileType: z
              .object({ name: z.string().min(1), patterns: z.array(z.string().min(1)).optional() })
              .strict(),
            languageId: z.string().min(1),
          })
          .strict(),
      )
      .optional(),
    languageMappings: z
      .array(z.object({ language: z.string().min(1), languageId: z.string().min(1) }).strict())
      .optional(),
  })
  .strict();

const clientSettingsSchema = z
  .object({
    caseSensitive: z.boolean().optional(),
    lineCommentPrefix: z.string().optional(),
    blockCommentPrefix: z.string().optional(),
    blockCommentSuffix: z.string().optional(),
    statementTerminatorCharacters: z.string().optional(),
  })
  .strict();

/** Split a command line the way the IDE does (whitespace separates, double quotes group). */
function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let quoted = false;
  let started = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (/\s/.test(char) && !quoted) {
      if (started) args.push(current);
      current = "";
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (quoted) throw new Error(`unbalanced quote in ${line}`);
  if (started) args.push(current);
  return args;
}

interface JsonSchemaNode {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
}

/** Every key of `value` must be declared in `schema`, with a matching type/enum ("" = ok). */
function checkAgainstSchema(value: unknown, schema: JsonSchemaNode, path: string): string[] {
  const typeOf = (v: unknown) =>
    Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : v === null ? "null" : typeof v;
  const accepts = (node: JsonSchemaNode, v: unknown): boolean =>
    (node.anyOf?.some((option) => accepts(option, v)) ?? false) ||
    node.type === typeOf(v) ||
    (node.type === "number" && typeof v === "number");
  if (!accepts(schema, value)) return [`${path}: ${typeOf(value)} where the schema says ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${String(value)} not in the enum`];
  if (typeOf(value) === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
      const childSchema = schema.properties?.[key];
      return childSchema
        ? checkAgainstSchema(child, childSchema, `${path}.${key}`)
        : [`${path}.${key}: not in the schema`];
    });
  }
  return [];
}

/** Deep "toMatchObject" as a boolean: every key of `subset` is in `value` with an equal value. */
function containsSubset(value: unknown, subset: unknown): boolean {
  if (typeof subset !== "object" || subset === null || Array.isArray(subset)) {
    return JSON.stringify(value) === JSON.stringify(subset);
  }
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(subset).every(([key, child]) => containsSubset(record[key], child));
}

describe("JetBrains LSP4IJ template (clients/jetbrains)", () => {
  it("template.json has the structure LSP4IJ imports, a docs url, and ONE mapping: file type Python → python", () => {
    const template = templateSchema.parse(readJson("template.json"));
    expect(template.id).toBe("seclsp");
    expect(template.url).toMatch(/^https:\/\//);
    // A name plus patterns makes LSP4IJ create two mappings (file type and file name patterns).
    expect(template.fileTypeMappings).toEqual([{ fileType: { name: "Python" }, languageId: "python" }]);
    expect(template.languageMappings).toBeUndefined();
    // Linux/macOS: through sh -c so the login PATH (npx, node) applies.
    expect(splitCommandLine(template.programArgs.default)).toEqual(["sh", "-c", "npx seclsp --stdio"]);
  });

  it("settings.json is a valid `seclsp` section, declared in settings.schema.json, equal to initializationOptions.json", () => {
    const settings = z
      .object({ seclsp: z.record(z.string(), z.unknown()) })
      .strict()
      .parse(readJson("settings.json"));
    expect(parseConfig(settings.seclsp).problems).toEqual([]);
    const schema = readJson("settings.schema.json") as JsonSchemaNode;
    expect(checkAgainstSchema(settings, schema, "settings")).toEqual([]);
    expect(readJson("initializationOptions.json")).toEqual(settings.seclsp);
    clientSettingsSchema.parse(readJson("clientSettings.json"));
  });

  it("the schema check notices keys and values the schema does not allow", () => {
    const schema = readJson("settings.schema.json") as JsonSchemaNode;
    expect(checkAgainstSchema({ seclsp: { threatModle: "remote" } }, schema, "s")).toEqual([
      "s.seclsp.threatModle: not in the schema",
    ]);
    expect(checkAgainstSchema({ seclsp: { threatModel: "everything" } }, schema, "s")).toHaveLength(1);
    expect(checkAgainstSchema({ seclsp: { debounceMs: "fast" } }, schema, "s")).toHaveLength(1);
  });

  it("settings.schema.json is generated from server/src/config/schema.ts (npx tsx test/e2e/jetbrains/settings-schema.ts)", () => {
    expect(readJson("settings.schema.json")).toEqual(settingsJsonSchema());
  });

  it(
    "the exact command line of template.json starts seclsp: initialize, settings applied, shutdown, exit 0",
    async () => {
      const template = templateSchema.parse(readJson("template.json"));
      // A user project with seclsp installed as a dev dependency (what `npm i -D seclsp` leaves),
      // so `npx seclsp` resolves locally; npm is kept offline so a miss can never hit the registry.
      // Inside the run's private cache dir (test/setup/private-cache-dir.ts): removed with it.
      const project = mkdtempSync(join(process.env.XDG_CACHE_HOME ?? tmpdir(), "seclsp-lsp4ij-"));
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "user-project", private: true, devDependencies: { seclsp: `file:${REPO}` } }),
      );
      mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
      symlinkSync(REPO, join(project, "node_modules", "seclsp"));
      symlinkSync(join("..", "seclsp", "bin", "seclsp.js"), join(project, "node_modules", ".bin", "seclsp"));

      const [command, ...args] = splitCommandLine(template.programArgs.default);
      const child = spawn(command ?? "sh", args, {
        cwd: project,
        env: { ...process.env, npm_config_offline: "true", npm_config_update_notifier: "false" },
        stdio: "pipe",
        detached: true, // own process group: sh → npx → node are stopped together below
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const connection = createMessageConnection(
        new StreamMessageReader(child.stdout),
        new StreamMessageWriter(child.stdin),
      );
      const settings = readJson("settings.json") as Record<string, unknown>;
      const shown: string[] = [];
      // What LSP4IJ answers: settings.json looked up by section.
      let answered: () => void = () => {};
      const configurationAnswered = new Promise<void>((resolve) => {
        answered = resolve;
      });
      connection.onRequest("workspace/configuration", (params: { items: Array<{ section?: string }> }) => {
        answered();
        return params.items.map((item) => (item.section ? (settings[item.section] ?? null) : settings));
      });
      connection.onNotification("window/showMessage", (params: { message: string }) =>
        shown.push(params.message),
      );
      connection.listen();
      try {
        const init = (await connection.sendRequest("initialize", {
          processId: process.pid,
          rootUri: `file://${project}`,
          capabilities: { workspace: { configuration: true } },
          initializationOptions: readJson("initializationOptions.json"),
        })) as {
          capabilities: { executeCommandProvider?: { commands: string[] } };
          serverInfo?: { name: string };
        };
        expect(init.serverInfo?.name, stderr).toBe("seclsp");
        await connection.sendNotification("initialized", {});
        // The server runs with the template's settings (debugInfo reports the effective config).
        expect(init.capabilities.executeCommandProvider?.commands).toContain("seclsp.debugInfo");
        await configurationAnswered;
        // The answer is applied asynchronously: ask until it shows (bounded), then assert.
        const debugInfo = async () =>
          (await connection.sendRequest("workspace/executeCommand", {
            command: "seclsp.debugInfo",
            arguments: [],
          })) as { config: Record<string, unknown> };
        let info = await debugInfo();
        for (let attempt = 0; attempt < 50 && !containsSubset(info.config, settings.seclsp); attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          info = await debugInfo();
        }
        expect(info.config).toMatchObject(settings.seclsp as Record<string, unknown>);
        // No settings rejected (other messages, e.g. debugInfo's own answer, are fine).
        expect(shown.filter((message) => message.includes("invalid settings"))).toEqual([]);
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
        expect(await exited, stderr).toBe(0);
      } finally {
        connection.dispose();
        if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
      }
    },
    EDITOR_TEST_TIMEOUT_MS,
  );
});
