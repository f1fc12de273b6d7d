import { cweHref, normalizeCwe } from "./cwe.js";
import { CWE_DATA } from "./cwe-catalog-data.js";

export interface CweInfo {
  /** Normalized "CWE-89"; the raw input when it is not a CWE id at all. */
  id: string;
  /** MITRE's official name; "CWE-n" when the catalog does not know the id. */
  name: string;
  /** MITRE's page for the CWE. */
  href: string;
  /** One sentence (absent for unknown ids). */
  description?: string;
}

const CATALOG: ReadonlyMap<string, { name: string; description: string }> = new Map(
  CWE_DATA.map(([n, name, description]) => [`CWE-${n}`, { name, description }]),
);

/**
 * Official name, link and one-sentence description of a CWE ("CWE-089", "89", "cwe-89" all work).
 * Never throws: unknown ids get `name: "CWE-n"` and no description.
 */
export function cweInfo(raw: string | number): CweInfo {
  const id = normalizeCwe(raw);
  if (!id) return { id: String(raw), name: String(raw), href: "https://cwe.mitre.org/" };
  const known = CATALOG.get(id);
  if (!known) return { id, name: id, href: cweHref(id) };
  return { id, name: known.name, href: cweHref(id), description: known.description };
}

/** "CWE-89: Improper Neutralization ... ('SQL Injection')": the paper's "CWE-definition" hint line. */
export function cweTitle(raw: string | number): string {
  const info = cweInfo(raw);
  return info.name === info.id ? info.id : `${info.id}: ${info.name}`;
}

/** Every CWE id the catalog has an entry for, in numeric order. */
export const CATALOG_CWE_IDS: readonly string[] = [...CATALOG.keys()].sort(
  (a, b) => Number(a.slice(4)) - Number(b.slice(4)),
);
