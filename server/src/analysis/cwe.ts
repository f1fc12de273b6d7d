/** "CWE-089", "cwe-89", "external/cwe/cwe-089", "89" → "CWE-89"; anything else → undefined. */
export function normalizeCwe(raw: string | number): string | undefined {
  const match = /(?:^|cwe[-_/ ]?)0*(\d+)$/i.exec(String(raw).trim());
  if (!match) return undefined;
  return `CWE-${Number(match[1])}`;
}

/** Official MITRE page for a normalized CWE id. */
export function cweHref(cwe: string): string {
  const n = normalizeCwe(cwe);
  return n ? `https://cwe.mitre.org/data/definitions/${n.slice(4)}.html` : "https://cwe.mitre.org/";
}
