import type { Const } from "./constant-folding.js";
import type { Env } from "./flow-context.js";
import { CLEAN, type Label, type Taint, union } from "./taint-value.js";

/**
 * Field- and index-sensitivity for containers built from literals. Besides `d` (the union of
 * everything the container may hold — the sound fallback for any unknown key), the env keeps
 * `d⟨"a"⟩` for keys and indices known exactly, and `d⟨#⟩` for a list's known length. An
 * element key present in the env is exact on that path; when paths merge, an element key
 * missing on one side is dropped (that side only knows the whole), so the fallback is used.
 */
const SEPARATOR = "\u0001";

export function isElementKey(key: string): boolean {
  return key.includes(SEPARATOR);
}

/** Python hashes `True` like `1` and `1.0` like `1`: normalize so equal keys share a slot. */
export function elementKey(base: string, key: Const): string {
  const normalized = typeof key === "boolean" ? Number(key) : key;
  return `${base}${SEPARATOR}${JSON.stringify(normalized)}`;
}

function lengthKey(base: string): string {
  return `${base}${SEPARATOR}#`;
}

/** Lengths ride in the env as distinct empty (clean) taints, recognized by identity. */
const lengths = new WeakMap<Taint, number>();

export function lengthOf(env: Env, base: string): number | undefined {
  const marker = env.get(lengthKey(base));
  return marker ? lengths.get(marker) : undefined;
}

export function setLength(env: Env, base: string, length: number | undefined): void {
  if (length === undefined) {
    env.delete(lengthKey(base));
    return;
  }
  const marker: Label[] = [];
  lengths.set(marker, length);
  env.set(lengthKey(base), marker);
}

/** Whether `base` was built from a literal whose elements are tracked (a dict or list). */
export function hasElements(env: Env, base: string): boolean {
  const prefix = `${base}${SEPARATOR}`;
  for (const key of env.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/** Forget everything known about the elements of `base` (its whole taint stays). */
export function dropElements(env: Env, base: string): void {
  const prefix = `${base}${SEPARATOR}`;
  for (const key of [...env.keys()]) if (key.startsWith(prefix)) env.delete(key);
}

/** Union `taint` into every known element of `base` (a write at an unknown key). */
export function weakenElements(env: Env, base: string, taint: Taint): void {
  if (taint.length === 0) return;
  const prefix = `${base}${SEPARATOR}`;
  for (const [key, value] of env) {
    if (key.startsWith(prefix) && key !== lengthKey(base)) env.set(key, union(value, taint));
  }
}

/** The known elements of a list as an array (index order), when its length is known. */
export function listElements(env: Env, base: string): (Taint | undefined)[] | undefined {
  const length = lengthOf(env, base);
  if (length === undefined) return undefined;
  return Array.from({ length }, (_, i) => env.get(elementKey(base, i)));
}

/** Rewrite a list's known elements (after insert/pop/remove shifted them). */
export function setListElements(env: Env, base: string, items: (Taint | undefined)[]): void {
  dropElements(env, base);
  items.forEach((item, i) => {
    if (item) env.set(elementKey(base, i), item);
  });
  setLength(env, base, items.length);
}

/** Merge rule for element keys: kept only when both paths know them (see the file comment). */
export function mergeElement(
  key: string,
  mine: Taint | undefined,
  theirs: Taint | undefined,
): Taint | undefined {
  if (mine === undefined || theirs === undefined) return undefined;
  if (mine === theirs) return mine;
  if (key.endsWith(`${SEPARATOR}#`)) {
    const a = lengths.get(mine);
    return a !== undefined && a === lengths.get(theirs) ? mine : undefined;
  }
  return union(mine, theirs) ?? CLEAN;
}
