import { readFile } from "node:fs/promises";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { normalizeCwe } from "../analysis/cwe.js";
import { configSchema, type LlmRoleConfig } from "../config/schema.js";
import { CONDITIONS } from "./conditions.js";

/** The editor's LLM role schema (baseURL, model, apiKeyEnv, temperature, maxTokens, timeoutMs), reused as is. */
const llmSchema = configSchema.shape.llm.unwrap();
const roleSchema = llmSchema.shape.generator.unwrap();
/**
 * Explainer/judge: the editor's helper-role schema — every key optional and WITHOUT defaults, so
 * keys left out are inherited from the first generator by `helperRole` (zod 4's `.partial()`
 * on `roleSchema` would fill them with the defaults: 127.0.0.1:11434, temperature 0, ...).
 */
const helperRoleSchema = llmSchema.shape.explainer.unwrap();

const generatorSchema = roleSchema.extend({
  /** Label in tables and results; default: the model id. Must be unique in a run. */
  name: z.string().min(1).optional(),
});

const cweSchema = z.string().transform((value, ctx) => {
  const cwe = normalizeCwe(value);
  if (!cwe) ctx.addIssue({ code: "custom", message: `"${value}" is not a CWE id` });
  return cwe ?? value;
});

/** A bench run: validated from JSON or YAML. Documented key by key in docs/bench.md. */
export const runConfigSchema = z
  .object({
    /** Run name: results go to runs/<name>/ unless --out is given. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only")
      .default("bench"),
    datasets: z
      .array(
        z.object({
          path: z.string().min(1),
          /** Name in tables; default: file name without extension. */
          name: z.string().min(1).optional(),
          format: z.enum(["securityeval", "seccodeplt"]).optional(),
        }),
      )
      .min(1),
    generators: z.array(generatorSchema).min(1),
    /** Explains findings for explained feedback and writes contextual hints (paper: GPT-4o). Missing keys: the first generator's. */
    explainer: helperRoleSchema.default({}),
    /** LLM-as-judge for hint preciseness (paper: GPT-4o). Missing keys: the first generator's. */
    judge: helperRoleSchema.default({}),
    analyzers: z
      .array(z.enum(["embedded", "codeql", "bandit"]))
      .min(1)
      .default(["embedded"]),
    /** Embedded analyzer threat model; remote matches what CodeQL reports by default. */
    threatModel: z.enum(["remote", "local", "library"]).default("remote"),
    conditions: z.array(z.enum(CONDITIONS)).min(1).default(["vanilla"]),
    /** Maximum rounds of iterative-repair (repair-direct/-explained are one round, like the paper). */
    rounds: z.number().int().min(1).max(20).default(3),
    iterativeFeedback: z.enum(["direct", "explained"]).default("explained"),
    /** Only tasks whose target CWE is in this list (also --cwe). */
    cwes: z.array(cweSchema).optional(),
    /** Drop tasks whose target CWE no chosen analyzer can detect (the paper's filter). */
    coverageFilter: z.boolean().default(true),
    concurrency: z
      .object({
        /** Parallel requests per endpoint (baseURL). */
        perEndpoint: z.number().int().min(1).max(256).default(4),
        /** Tasks in flight at once (each task runs its conditions in order). */
        tasks: z.number().int().min(1).max(1024).default(8),
      })
      .default({ perEndpoint: 4, tasks: 8 }),
    llm: z
      .object({
        /** Allow sending code to non-loopback endpoints (same meaning as seclsp.llm.allowRemote). */
        allowRemote: z.boolean().default(false),
        /** LLM cache; default runs/<name>/llm-cache so a run dir can be replayed anywhere. */
        cacheDir: z.string().optional(),
      })
      .default({ allowRemote: false }),
    codeql: z
      .object({
        path: z.string().optional(),
        suite: z.string().optional(),
        batchSize: z.number().int().positive().optional(),
        /** SARIF cache; default ~/.cache/seclsp/codeql. */
        cacheDir: z.string().optional(),
      })
      .default({}),
    /** Used only for the time estimate printed before a run. */
    estimate: z.object({ secondsPerCall: z.number().positive().default(5) }).default({ secondsPerCall: 5 }),
  })
  .superRefine((config, ctx) => {
    const names = config.generators.map(generatorName);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate)
      ctx.addIssue({
        code: "custom",
        path: ["generators"],
        message: `generator name "${duplicate}" is used twice; set distinct "name"s`,
      });
  });

export type RunConfig = z.infer<typeof runConfigSchema>;
export type GeneratorConfig = RunConfig["generators"][number];

export function generatorName(g: { name?: string; model: string }): string {
  return g.name ?? g.model;
}

/** Explainer/judge settings: keys they do not set come from the first generator. */
export function helperRole(config: RunConfig, role: "explainer" | "judge"): LlmRoleConfig {
  const { name: _name, ...base } = config.generators[0]!;
  const own = Object.fromEntries(Object.entries(config[role]).filter(([, v]) => v !== undefined));
  return { ...base, ...own };
}

export class RunConfigError extends Error {}

/** Parse and validate; every problem is listed with its path. Relative dataset paths are resolved against the config file. */
export function parseRunConfig(raw: unknown, baseDir = process.cwd()): RunConfig {
  const result = runConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  ${i.path.map(String).join(".") || "(root)"}: ${i.message}`,
    );
    throw new RunConfigError(`invalid bench config:\n${lines.join("\n")}`);
  }
  const config = result.data;
  for (const d of config.datasets) d.path = isAbsolute(d.path) ? d.path : resolve(baseDir, d.path);
  return config;
}

export async function loadRunConfig(file: string): Promise<RunConfig> {
  const text = await readFile(file, "utf8");
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new RunConfigError(
      `${file}: cannot parse (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return parseRunConfig(raw, dirname(resolve(file)));
}
