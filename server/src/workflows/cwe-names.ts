import { type CweInfo, cweInfo, cweTitle } from "../analysis/cwe-catalog.js";

/**
 * CWE names and definitions for prompts (the "CWE definition" hint, the judge), from the
 * analysis layer's MITRE catalog. Unknown ids fall back to the id alone (the catalog never throws).
 */
export type CweDescription = CweInfo;

export function describeCwe(raw: string): CweDescription {
  return cweInfo(raw);
}

/** "CWE-89: Improper Neutralization of …" — the paper's CWE-definition hint (id + official name, §5.2). */
export function cweDefinitionHint(raw: string): string {
  return cweTitle(raw);
}

/** Official definition text for the judge: "CWE-89: <name>. <one-sentence description>". */
export function officialDefinition(raw: string): string {
  const info = cweInfo(raw);
  return info.description ? `${info.id}: ${info.name}. ${info.description}` : cweTitle(raw);
}
