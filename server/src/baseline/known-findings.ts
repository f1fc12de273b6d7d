import type { Finding } from "../analysis/finding.js";
import type { SeclspConfig } from "../config/schema.js";
import { BaselineMatcher } from "./baseline-matcher.js";
import { changedLineNumbers, GitRefTexts } from "./git-ref-text.js";
import { readSarifBaseline } from "./sarif-baseline.js";

/** The editor's split of one file's findings: new ones, and known ones (shown faded or hidden). */
export interface ClassifiedFindings {
  fresh: Finding[];
  known: Finding[];
}

/**
 * `onlyNew` in the editor: "baseline" = findings not in the `baseline` SARIF file are new;
 * "git" = findings on lines changed (in the buffer) since `newSince` are new; "off" = all new.
 * Built once per settings change. While something is still loading (the baseline file, a file's
 * text at the ref) every finding counts as new: never hide what we cannot yet prove is known.
 */
export class KnownFindings {
  private baseline?: BaselineMatcher;
  private refTexts?: GitRefTexts;

  private constructor(private readonly mode: SeclspConfig["onlyNew"]) {}

  static off(): KnownFindings {
    return new KnownFindings("off");
  }

  /**
   * For these settings. `onReady(path?)` asks the editor to publish again (a path: that file's
   * text at the ref arrived; none: the baseline loaded). Problems (a bad baseline) are reported
   * once through `onProblem` and the mode falls back to showing everything.
   */
  static create(
    config: Pick<SeclspConfig, "onlyNew" | "baseline" | "newSince">,
    onReady: (path?: string) => void,
    onProblem: (message: string) => void,
  ): KnownFindings {
    const known = new KnownFindings(config.onlyNew);
    if (config.onlyNew === "baseline") {
      if (config.baseline === undefined) {
        onProblem('seclsp: onlyNew is "baseline" but no `baseline` file is set; showing every finding');
      } else {
        readSarifBaseline(config.baseline).then(
          (entries) => {
            known.baseline = new BaselineMatcher(entries);
            onReady();
          },
          (error: unknown) => onProblem(`seclsp: ${(error as Error).message}; showing every finding`),
        );
      }
    } else if (config.onlyNew === "git") {
      known.refTexts = new GitRefTexts(config.newSince, (path) => onReady(path), onProblem);
    }
    return known;
  }

  /** The file was saved: its text at the ref is read again (`onlyNew: "git"`), in the background. */
  refresh(path: string): void {
    this.refTexts?.refresh(path);
  }

  /** Split the visible findings of the file at `path` whose current text is `text`. */
  classify(path: string, text: string, findings: Finding[]): ClassifiedFindings {
    if (this.mode === "baseline" && this.baseline) return this.baseline.partition(findings);
    if (this.mode === "git" && this.refTexts && findings.length > 0) {
      const old = this.refTexts.get(path);
      if (typeof old !== "string") return { fresh: findings, known: [] };
      const changed = changedLineNumbers(old, text);
      const fresh: Finding[] = [];
      const known: Finding[] = [];
      for (const finding of findings) (changed.has(finding.range.start.line) ? fresh : known).push(finding);
      return { fresh, known };
    }
    return { fresh: findings, known: [] };
  }
}
