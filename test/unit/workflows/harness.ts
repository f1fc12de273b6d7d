import { EmbeddedAnalyzer } from "../../../server/src/analysis/embedded/embedded-analyzer.js";
import type { Finding } from "../../../server/src/analysis/finding.js";
import type { LlmRoleConfig } from "../../../server/src/config/schema.js";
import { type ChatModelOptions, createChatModel } from "../../../server/src/llm/chat-model.js";
import type { ModelRoles } from "../../../server/src/llm/types.js";
import type { WorkflowContext } from "../../../server/src/workflows/types.js";
import type { FakeOpenAIServer } from "../../fakes/openai-server.js";

/** Workflow context over the fake server: three roles with distinct model names, the real embedded analyzer. */
export function fakeContext(
  server: FakeOpenAIServer,
  options: ChatModelOptions = {},
): WorkflowContext & { progress: string[] } {
  const role = (model: string): LlmRoleConfig => ({
    baseURL: server.baseURL,
    model,
    apiKeyEnv: "SECLSP_TEST_KEY",
    temperature: 0,
    maxTokens: 512,
    // Generous: on a starved 2-core machine a loopback reply can take seconds (timeouts are tested separately).
    timeoutMs: 120_000,
  });
  const shared: ChatModelOptions = { env: {}, sleep: async () => {}, ...options };
  const models: ModelRoles = {
    generator: createChatModel("generator", role("gen-model"), shared),
    explainer: createChatModel("explainer", role("explain-model"), shared),
    judge: createChatModel("judge", role("judge-model"), shared),
  };
  const analyzer = new EmbeddedAnalyzer();
  const progress: string[] = [];
  return {
    models,
    analyze: (code: string, signal?: AbortSignal) =>
      analyzer.analyze([{ path: "/work/candidate.py", text: code }], signal ?? new AbortController().signal),
    onProgress: (message) => progress.push(message),
    progress,
  };
}

/**
 * Load the analyzer's wasm (ruff, tree-sitter) once per file, in a beforeAll with a generous
 * timeout: on a loaded 2-core machine the first analysis can take tens of seconds.
 */
export const WARM_UP_TIMEOUT_MS = 180_000;
export async function warmUpAnalyzer(): Promise<void> {
  await EmbeddedAnalyzer.ready();
  await new EmbeddedAnalyzer().analyze(
    [{ path: "/work/warm.py", text: "import pickle\npickle.loads(b'')\n" }],
    new AbortController().signal,
  );
}

export function py(code: string): string {
  return `Here you go:\n\n\`\`\`python\n${code}\`\`\`\n`;
}

export async function analyzeWith(ctx: WorkflowContext, code: string): Promise<Finding[]> {
  return ctx.analyze(code);
}
