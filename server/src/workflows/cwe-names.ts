import { cweHref, normalizeCwe } from "../analysis/cwe.js";

/**
 * CWE names and definitions for prompts (the "CWE definition" hint, the judge). Backed by the
 * analysis layer's catalog when it knows the id; an unknown id falls back to the id alone.
 */
export interface CweDescription {
  id: string;
  name: string;
  href: string;
  description?: string;
}

type CatalogLookup = (
  id: string,
) => { id: string; name: string; href: string; description?: string } | undefined;

let catalog: CatalogLookup | undefined;

/** Plug in the CWE catalog (analysis/cwe-catalog.ts) — done once by whoever wires the process. */
export function useCweCatalog(lookup: CatalogLookup): void {
  catalog = lookup;
}

export function describeCwe(raw: string): CweDescription {
  const id = normalizeCwe(raw) ?? raw;
  const known = catalog?.(id);
  if (known?.name && known.name !== id) return { ...known, id };
  return { id, name: id, href: cweHref(id) };
}

/** "CWE-89: Improper Neutralization of …" — the paper's CWE-definition hint (id + official name). */
export function cweDefinitionHint(raw: string): string {
  const { id, name } = describeCwe(raw);
  return name === id ? id : `${id}: ${name}`;
}
