import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding } from "../analysis/finding.js";
import type { BaselineEntry } from "./sarif-baseline.js";

/**
 * Tells known findings (in the baseline) from new ones. A finding is known when the baseline has
 * an entry with its fingerprint for the same file. Files match by path suffix: the baseline holds
 * paths relative to the folder it was made in, which is elsewhere on a CI runner or another
 * developer's machine. Within one call each entry matches once, so a third copy of a twice-known
 * finding is new; calls do not consume entries (the editor partitions a file on every change).
 */
export class BaselineMatcher {
  private readonly byFingerprint = new Map<string, BaselineEntry[]>();

  constructor(entries: readonly BaselineEntry[]) {
    for (const entry of entries) {
      const list = this.byFingerprint.get(entry.fingerprint) ?? [];
      list.push(entry);
      this.byFingerprint.set(entry.fingerprint, list);
    }
  }

  /** Split the findings of one file into new and known ones. */
  partition(findings: readonly Finding[]): { fresh: Finding[]; known: Finding[] } {
    const used = new Set<BaselineEntry>();
    const fresh: Finding[] = [];
    const known: Finding[] = [];
    for (const finding of findings) {
      const candidates = this.byFingerprint.get(finding.fingerprint);
      const file = toSlashes(finding.file.startsWith("file:") ? fileURLToPath(finding.file) : finding.file);
      const match = candidates?.find((entry) => !used.has(entry) && samePath(file, entry.path));
      if (match === undefined) {
        fresh.push(finding);
      } else {
        used.add(match);
        known.push(finding);
      }
    }
    return { fresh, known };
  }
}

function samePath(file: string, entryPath: string): boolean {
  const entry = toSlashes(entryPath);
  return file === entry || file.endsWith(`/${entry}`) || entry.endsWith(`/${file}`);
}

function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
