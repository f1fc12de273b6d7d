import { KnownFindings } from "../baseline/known-findings.js";
import type { FindingView } from "./document-findings.js";
import type { FolderSettings } from "./folder-settings.js";

const ALL_FINDINGS: FindingView = {
  known: KnownFindings.off(),
  knownStyle: "hint",
  selection: { select: [], ignore: [], severity: {} },
};

/**
 * The finding view (rule selection, `onlyNew`) of each workspace folder. A folder's view is
 * rebuilt only when its settings changed: a baseline or a git ref's texts are not re-read for an
 * unrelated settings change.
 */
export class FolderViews {
  private views = new Map<string | undefined, { key: string; view: FindingView }>();

  /** Views for these folders; true when any view is new (the caller re-publishes). */
  update(
    scopes: readonly FolderSettings[],
    onReady: (path?: string) => void,
    onProblem: (message: string) => void,
  ): boolean {
    const views = new Map<string | undefined, { key: string; view: FindingView }>();
    for (const { folder, config } of scopes) {
      const { onlyNew, baseline, newSince, knownFindings, select, ignore, severity } = config;
      const key = JSON.stringify([onlyNew, baseline, newSince, knownFindings, select, ignore, severity]);
      const previous = this.views.get(folder);
      if (previous?.key === key) {
        views.set(folder, previous);
        continue;
      }
      const known = KnownFindings.create(config, onReady, onProblem);
      views.set(folder, {
        key,
        view: { known, knownStyle: knownFindings, selection: { select, ignore, severity } },
      });
    }
    const same =
      views.size === this.views.size &&
      [...views].every(([folder, entry]) => this.views.get(folder) === entry);
    this.views = views;
    return !same;
  }

  /** The folder's view; the first folder's for an unknown one; everything shown before any settings. */
  viewFor(folder: string | undefined): FindingView {
    return (this.views.get(folder) ?? this.views.values().next().value)?.view ?? ALL_FINDINGS;
  }
}
