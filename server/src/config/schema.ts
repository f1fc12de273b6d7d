import { isAbsolute } from "node:path";
import { z } from "zod";
import { flowRulesFor } from "../analysis/embedded/taint/models/user-models.js";

/**
 * The `seclsp` settings section: one schema for initializationOptions, workspace/configuration,
 * the CLI (`--config`) and the bench. Every key has a default so an empty object is valid.
 * Documented key by key in docs/configuration.md.
 */

const llmRoleSchema = z.object({
  /** OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  baseURL: z.string().url().default("http://127.0.0.1:11434/v1"),
  model: z.string().min(1).default("qwen2.5-coder:7b"),
  /** Name of the environment variable that holds the API key (never the key itself). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
    .default("OPENAI_API_KEY"),
  temperature: z.number().min(0).max(2).default(0),
  maxTokens: z.number().int().positive().default(2048),
  timeoutMs: z.number().int().positive().default(120_000),
});
export type LlmRoleConfig = z.infer<typeof llmRoleSchema>;

/**
 * Explainer and judge: every key optional and WITHOUT defaults, so keys they leave out are taken
 * from the generator by `roleConfig` (zod's `.partial()` would keep the inner defaults).
 */
const partialRole = z.object(
  Object.fromEntries(
    Object.entries(llmRoleSchema.shape).map(([key, field]) => [key, field.removeDefault().optional()]),
  ) as {
    [K in keyof typeof llmRoleSchema.shape]: z.ZodOptional<
      ReturnType<(typeof llmRoleSchema.shape)[K]["removeDefault"]>
    >;
  },
);

/** A dotted Python name: `pkg.mod.func`, `Class.method`, `clean_html`. */
const qualifiedName = z
  .string()
  .regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, "expected a qualified Python name like pkg.module.function");
/** A data-flow rule id (`py/sql-injection`) or a CWE (`CWE-89`); checked against the engine's rules. */
const flowRule = z
  .string()
  .regex(/^([a-z]+\/[\w-]+|CWE-\d+)$/i, "expected a rule id like py/sql-injection or a CWE like CWE-89")
  .refine((rule) => flowRulesFor(rule).length > 0, { message: "no data-flow rule has this id or CWE" });

/** User models (CodeQL models-as-data style): see docs/configuration.md#models. */
const modelsSchema = z
  .object({
    /** Calls whose return value is untrusted. */
    sources: z
      .array(
        z.strictObject({
          function: qualifiedName,
          kind: z.enum(["remote", "local"]).default("remote"),
          description: z.string().min(1).optional(),
        }),
      )
      .default([]),
    /** Calls where untrusted data in an argument (index from 0, or "any") is a flaw of `rule`. */
    sinks: z
      .array(
        z.strictObject({
          function: qualifiedName,
          argument: z.union([z.number().int().min(0), z.literal("any")]).default("any"),
          rule: flowRule,
        }),
      )
      .default([]),
    /** Calls whose result is safe for `rules` (default: every rule). */
    sanitizers: z
      .array(z.strictObject({ function: qualifiedName, rules: z.array(flowRule).min(1).optional() }))
      .default([]),
  })
  .strict()
  .default({ sources: [], sinks: [], sanitizers: [] });

export const configSchema = z.object({
  /** Which data counts as untrusted: remote (network only), local (+argv/env/stdin/files), library (+function parameters). */
  threatModel: z.enum(["remote", "local", "library"]).default("library"),
  /** Files larger than this are not analyzed (one info diagnostic says so). */
  maxFileBytes: z.number().int().positive().default(2_000_000),
  /** Delay after the last keystroke before the embedded analyzer runs. */
  debounceMs: z.number().int().min(0).max(10_000).default(150),
  /** Glob patterns (relative to the workspace folder) never analyzed; .venv, node_modules, .git always skipped. */
  exclude: z.array(z.string()).default([]),
  logLevel: z.enum(["error", "warn", "info", "debug"]).default("info"),
  /** Report only these rules: rule ids ("py/sql-injection", "ruff/S324") or CWEs ("CWE-89"); empty = all. */
  select: z.array(z.string().min(1)).default([]),
  /** Never report these rule ids or CWEs (applied after `select`). */
  ignore: z.array(z.string().min(1)).default([]),
  /** Per rule id (or CWE) severity override, e.g. { "py/flask-debug": "note" }. */
  severity: z.record(z.string().min(1), z.enum(["error", "warning", "note"])).default({}),
  /** Sources, sinks and sanitizers the data-flow engine adds to its own (models-as-data). */
  models: modelsSchema,
  /** A SARIF report from an earlier `seclsp check --format sarif`: its findings count as known. */
  baseline: z.string().min(1).optional(),
  /** Editor: show every finding (off), only those not in `baseline`, or only those on lines changed since `newSince` (git). */
  onlyNew: z.enum(["off", "baseline", "git"]).default("off"),
  /** Editor: known (baseline/unchanged-line) findings are hidden, or shown as faded hints. */
  knownFindings: z.enum(["hide", "hint"]).default("hint"),
  /** Git ref `onlyNew: "git"` compares with (working tree vs this ref). */
  newSince: z.string().min(1).default("HEAD"),
  embedded: z
    .object({
      enabled: z.boolean().default(true),
      /** Ruff rule codes to leave out, e.g. ["S101"]. */
      ignoreRules: z.array(z.string()).default([]),
    })
    .default({ enabled: true, ignoreRules: [] }),
  codeql: z
    .object({
      /** auto: run on save when the CLI is found; on: warn when missing; off: never. */
      mode: z.enum(["auto", "on", "off"]).default("auto"),
      /** Path to the codeql executable; default: found on PATH. */
      path: z.string().optional(),
      suite: z.string().default("codeql/python-queries:codeql-suites/python-security-extended.qls"),
      /**
       * On save: `project` analyzes the saved file's workspace folder (cross-module flows; findings
       * for every file), `workspace` the saved file with the other open buffers, `file` it alone.
       */
      scope: z.enum(["project", "file", "workspace"]).default("project"),
      /** Project scope above this many Python files narrows to the saved file's package. */
      maxProjectFiles: z.number().int().positive().default(2_000),
      timeoutMs: z.number().int().positive().default(600_000),
      threads: z.number().int().min(0).default(0),
      /** Snippets per database in batch mode (bench, workspace scan). */
      batchSize: z.number().int().positive().default(200),
      cacheDir: z.string().optional(),
    })
    .default({
      mode: "auto",
      suite: "codeql/python-queries:codeql-suites/python-security-extended.qls",
      scope: "project",
      maxProjectFiles: 2_000,
      timeoutMs: 600_000,
      threads: 0,
      batchSize: 200,
    }),
  bandit: z
    .object({
      mode: z.enum(["auto", "on", "off"]).default("auto"),
      path: z.string().optional(),
      timeoutMs: z.number().int().positive().default(60_000),
    })
    .default({ mode: "auto", timeoutMs: 60_000 }),
  llm: z
    .object({
      /** Code may be sent to a non-loopback endpoint only when this is true. */
      allowRemote: z.boolean().default(false),
      /** Answer only from the on-disk cache (no network). */
      replay: z.boolean().default(false),
      cacheDir: z.string().optional(),
      /**
       * PEM file of extra CAs trusted for model endpoints and HTTPS proxies (added to Node's roots
       * and NODE_EXTRA_CA_CERTS). Absolute path; editor or --config only, never a project file.
       */
      caFile: z
        .string()
        .min(1)
        .refine((path) => isAbsolute(path), "must be an absolute path")
        .optional(),
      generator: llmRoleSchema.default(llmRoleSchema.parse({})),
      /** Defaults to the generator's settings for keys not given. */
      explainer: partialRole.default({}),
      judge: partialRole.default({}),
    })
    .default({
      allowRemote: false,
      replay: false,
      generator: llmRoleSchema.parse({}),
      explainer: {},
      judge: {},
    }),
  repair: z
    .object({
      feedback: z.enum(["direct", "explained"]).default("explained"),
      maxRounds: z.number().int().min(1).max(10).default(3),
      /** A fix that did not pass re-analysis: offer it marked "unverified", or drop it. */
      unverified: z.enum(["offer", "drop"]).default("offer"),
    })
    .default({ feedback: "explained", maxRounds: 3, unverified: "offer" }),
});

export type SeclspConfig = z.infer<typeof configSchema>;
export type RoleName = "generator" | "explainer" | "judge";

export const DEFAULT_CONFIG: SeclspConfig = configSchema.parse({});

/** Resolve a role's full settings: explainer and judge inherit the generator's keys they do not set. */
export function roleConfig(config: SeclspConfig, role: RoleName): LlmRoleConfig {
  const generator = config.llm.generator;
  if (role === "generator") return generator;
  return { ...generator, ...stripUndefined(config.llm[role]) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
