/**
 * Deep equality of plain data: objects, arrays, Maps, Sets and primitives (findings, function
 * summaries). Values `opaque` accepts (a syntax node carried in a summary) compare by identity
 * only. Past 64 levels of nesting the two count as different: the data compared is shallow, and a
 * pathological depth (or a cycle) must not overflow the stack.
 */
export function sameData(a: unknown, b: unknown, opaque?: (value: object) => boolean, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (depth > 64) return false;
  if (opaque && (opaque(a) || opaque(b))) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], opaque, depth + 1)) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [key, value] of a) {
      if (!b.has(key) || !sameData(value, b.get(key), opaque, depth + 1)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    for (const value of a) if (!b.has(value)) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Map || b instanceof Set) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of keys) {
    if (!Object.hasOwn(right, key) || !sameData(left[key], right[key], opaque, depth + 1)) return false;
  }
  return true;
}
