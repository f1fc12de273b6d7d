/** Public surface of the LLM layer (for the LSP server, the CLI and the bench). */

export { functionSignatureChange } from "../python/function-signature.js";
export { type ChatModelOptions, createChatModel, displayUrl, type LlmLogger } from "./chat-model.js";
export { assertConsent, ConsentRequiredError, isLoopbackUrl } from "./consent.js";
export { LlmError, type LlmFailureKind, ReplayMissError } from "./errors.js";
export { type ExtractedCode, extractCode, NoCodeError } from "./extract-code.js";
export { createModelRoles, type ModelRolesOptions } from "./model-roles.js";
export { redactMessages, SecretRedactor } from "./redaction.js";
export { cacheKey, defaultCacheDir, ResponseCache } from "./response-cache.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export type * from "./types.js";
