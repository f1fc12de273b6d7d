/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Random-looking keys: long, no spaces, letters and digits mixed, and high entropy. Hex keys
 * (max 4 bits/char) need length 32+; other alphabets need 4.2+ bits/char, which identifiers,
 * words and paths do not reach. Hashes in tests look the same as keys and are redacted too
 * (a harmless placeholder the reply gets back).
 */
export function isHighEntropyToken(value: string): boolean {
  if (value.length < 20 || !/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (value.includes("SECLSP_SECRET_")) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && shannonEntropy(value) >= 3.0;
  return shannonEntropy(value) >= 4.2;
}
