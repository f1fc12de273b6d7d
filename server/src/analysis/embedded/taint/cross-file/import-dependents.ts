import { realpathSync } from "node:fs";
import { moduleDependencies, scanImports } from "./module-dependencies.js";
import { diskReader } from "./module-reader.js";
import { DEFAULT_MAX_MODULE_BYTES, ModuleResolver } from "./module-resolver.js";

interface Entry {
  /** The scanned imports (JSON): unchanged imports keep the resolved modules. */
  imports: string;
  modules: ReadonlySet<string>;
}

/**
 * Which open documents import which workspace modules (to the summaries' depth), so that an edit
 * of `util.py` re-analyzes the open files whose results used its summaries. A text scan, cheap
 * enough for the editor's main thread: modules are re-resolved only when a file's imports change.
 */
export class ImportDependents {
  private readonly entries = new Map<string, Entry>();
  private resolver: ModuleResolver | undefined;
  private rootsKey = "";
  private readonly read = diskReader(DEFAULT_MAX_MODULE_BYTES);

  /** Record the imports of `path` (an open document's current text) under `roots`. */
  record(path: string, text: string, roots: readonly string[]): void {
    const key = JSON.stringify(roots);
    if (key !== this.rootsKey || !this.resolver) {
      this.resolver = new ModuleResolver({ roots });
      this.rootsKey = key;
      this.entries.clear();
    }
    const imports = JSON.stringify(scanImports(text));
    if (this.entries.get(path)?.imports === imports) return;
    const modules = new Set(moduleDependencies(path, text, this.resolver, this.read).keys());
    this.entries.set(path, { imports, modules });
  }

  /** Open documents (as recorded) whose analysis may use the summaries of the module at `path`. */
  dependentsOf(path: string): string[] {
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      // a deleted module: its dependents still need a re-analysis
    }
    return [...this.entries].filter(([p, e]) => p !== path && e.modules.has(real)).map(([p]) => p);
  }

  forget(path: string): void {
    this.entries.delete(path);
  }

  /** Documents recorded. */
  get size(): number {
    return this.entries.size;
  }
}
