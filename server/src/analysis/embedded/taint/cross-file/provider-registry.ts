import { SummaryProvider } from "./summary-provider.js";

/** Where cross-file summaries may come from (plain data: it crosses worker boundaries). */
export interface CrossFileSettings {
  /** Workspace folders / project roots (absolute); files outside them get no summaries. */
  roots: readonly string[];
  /** Modules larger than this are not summarized (the `maxFileBytes` setting). */
  maxFileBytes?: number;
}

/** One provider per settings in this thread: its summaries stay cached across files. */
const providers = new Map<string, SummaryProvider>();

export function providerFor(settings: CrossFileSettings | undefined): SummaryProvider | undefined {
  if (!settings || settings.roots.length === 0) return undefined;
  const key = JSON.stringify([settings.roots, settings.maxFileBytes ?? null]);
  let provider = providers.get(key);
  if (!provider) {
    // Settings change rarely (workspace folders); an old provider's cache is dropped with it.
    if (providers.size >= 4) providers.clear();
    provider = new SummaryProvider({
      roots: settings.roots,
      ...(settings.maxFileBytes !== undefined ? { maxFileBytes: settings.maxFileBytes } : {}),
    });
    providers.set(key, provider);
  }
  return provider;
}

/**
 * The text an analysis sees for `path` is what imports of it must see too (an open document's
 * unsaved text); undefined when the file is forgotten (closed: back to the disk).
 */
export function overlayEverywhere(path: string, text: string | undefined): void {
  for (const provider of providers.values()) provider.overlay(path, text);
}
