import { type RoleName, roleConfig, type SeclspConfig } from "../config/schema.js";
import { type ChatModelOptions, createChatModel, type LlmLogger } from "./chat-model.js";
import { defaultCacheDir, ResponseCache } from "./response-cache.js";
import type { ModelRoles } from "./types.js";

export interface ModelRolesOptions {
  logger?: LlmLogger;
  /** Disable the on-disk cache (default: enabled, in llm.cacheDir or the XDG cache). */
  noCache?: boolean;
  /** Force replay mode on top of llm.replay (the CLI's --replay). */
  replay?: boolean;
  env?: NodeJS.ProcessEnv;
  retry?: ChatModelOptions["retry"];
}

/** Build generator, explainer and judge from the `seclsp.llm` settings (explainer/judge inherit the generator's keys). */
export function createModelRoles(config: SeclspConfig, options: ModelRolesOptions = {}): ModelRoles {
  const env = options.env ?? process.env;
  const cache = options.noCache ? undefined : new ResponseCache(config.llm.cacheDir ?? defaultCacheDir(env));
  const shared: ChatModelOptions = {
    cache,
    replay: options.replay ?? config.llm.replay,
    allowRemote: config.llm.allowRemote,
    caFile: config.llm.caFile,
    logger: options.logger,
    env,
    retry: options.retry,
  };
  const make = (role: RoleName) => createChatModel(role, roleConfig(config, role), shared);
  return { generator: make("generator"), explainer: make("explainer"), judge: make("judge") };
}
