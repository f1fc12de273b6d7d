/**
 * Lengths of the common prefix and suffix of two texts: where one edit of a document begins and
 * ends. Compared a chunk at a time (string equality of two slices is a memory comparison), then
 * within the chunk that differs a character at a time: an edit of a 20,000-line file is found in
 * ~0.1 ms instead of the 2–3 ms of comparing 700,000 character codes one by one.
 */
const CHUNK = 2048;

/** Length of the common prefix of `a` and `b`, at most `max`. */
export function commonPrefixLength(a: string, b: string, max = Math.min(a.length, b.length)): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(n, n + CHUNK) === b.slice(n, n + CHUNK)) n += CHUNK;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Length of the common suffix, at most `max` (pass what the prefix left, so the two never overlap). */
export function commonSuffixLength(a: string, b: string, max = Math.min(a.length, b.length)): number {
  let n = 0;
  while (
    n + CHUNK <= max &&
    a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)
  )
    n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The one edit that turns `before` into `after`: [start, oldEnd) of `before` became [start, newEnd) of `after`. */
export interface EditSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function editSpan(before: string, after: string): EditSpan {
  const max = Math.min(before.length, after.length);
  const start = commonPrefixLength(before, after, max);
  const suffix = commonSuffixLength(before, after, max - start);
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}
