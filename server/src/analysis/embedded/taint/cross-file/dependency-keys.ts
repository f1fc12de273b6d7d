import { moduleDependencies } from "./module-dependencies.js";
import { diskReader, type ModuleReader, type ModuleText } from "./module-reader.js";
import { ModuleResolver } from "./module-resolver.js";
import type { CrossFileSettings } from "./provider-registry.js";

/**
 * The result-cache dependencies of a file: the workspace modules it may import (and theirs, to
 * the summaries' depth) with their content hashes, so editing `util.py` changes the cache key of
 * every file importing it. One per cross-file settings; used by `seclsp check` and by the
 * editor's workspace scan, so both key a file the same way.
 */
export class DependencyKeys {
  private readonly resolver: ModuleResolver;
  private readonly read: ModuleReader;
  /** Imported modules per (path, hash), when files are stable; the resolver's answers ride on it. */
  private readonly edges: Map<string, string[]> | undefined;

  /**
   * `stableFiles`: the files do not change while this object lives (one `seclsp check` run), so
   * each module is read and scanned once. The editor passes false: modules are re-read each time.
   */
  constructor(settings: CrossFileSettings, stableFiles: boolean) {
    const disk = diskReader(settings.maxFileBytes || Number.MAX_SAFE_INTEGER);
    this.resolver = new ModuleResolver(settings);
    if (!stableFiles) {
      this.read = disk;
      this.edges = undefined;
      return;
    }
    this.edges = new Map();
    const texts = new Map<string, ModuleText | undefined>();
    this.read = (module) => {
      if (!texts.has(module)) {
        if (texts.size >= 10_000) texts.clear();
        texts.set(module, disk(module));
      }
      return texts.get(module);
    };
  }

  /** `"<module path as shown>:<hash>"`, sorted; `show` turns an absolute path into the key's form. */
  of(path: string, text: string, show: (path: string) => string): string[] {
    const deps = moduleDependencies(path, text, this.resolver, this.read, undefined, this.edges);
    return [...deps].map(([dep, hash]) => `${show(dep)}:${hash}`).sort();
  }
}
