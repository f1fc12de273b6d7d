import { CallAnalysis } from "./call-analysis.js";
import { type BuiltContext, type BuiltKind, builtValue, RETURN_RULES } from "./models/returned-values.js";
import type { PyNode } from "./syntax-tree.js";
import { textOf, unwrap } from "./syntax-tree.js";
import { type Origin, type Taint, union } from "./taint-value.js";

/**
 * "Returned to the caller" as a sink (threat model `library` only): a path joined to a base
 * directory, a URL or HTML built from a parameter and handed back unchecked. Guards on the
 * built variable (containment, netloc allowlist, escaping) sanitize its labels as for any sink.
 */
export abstract class ReturnAnalysis extends CallAnalysis {
  /** Names bound to a built value: its kind and the origins of the parts that count. */
  private readonly builtNames = new Map<string, { kind: BuiltKind; origins: Set<Origin> }>();

  private builtContext(): BuiltContext {
    return {
      tree: this.tree,
      callInfo: (n) => this.callInfo(n),
      tagsOf: (n) => this.tagsOf(n),
      constantString: (n) => this.constantString(n),
    };
  }

  private get checksReturns(): boolean {
    // __repr__/__str__ and other dunders return text for developers, not a URL, path or page.
    return (
      this.ctx.threatModel === "library" &&
      this.fn !== undefined &&
      !this.fn.routeKind &&
      !/^__\w+__$/.test(this.fn.name)
    );
  }

  protected noteBuilt(name: string, value: PyNode): void {
    if (!this.checksReturns) return;
    const v = unwrap(value);
    const alias = v.type === "identifier" ? this.builtNames.get(textOf(this.tree, v)) : undefined;
    if (alias) {
      this.builtNames.set(name, alias);
      return;
    }
    const built = builtValue(this.builtContext(), value);
    if (!built) {
      this.builtNames.delete(name);
      return;
    }
    const taint = union(...built.parts.map((p) => this.eval(p)));
    this.builtNames.set(name, { kind: built.kind, origins: new Set(taint.map((l) => l.origin)) });
  }

  protected checkLibraryReturn(value: PyNode): void {
    if (!this.checksReturns) return;
    const v = unwrap(value);
    let kind: BuiltKind;
    let taint: Taint;
    if (v.type === "identifier") {
      const built = this.builtNames.get(textOf(this.tree, v));
      if (!built) return;
      kind = built.kind;
      taint = this.eval(v).filter((label) => built.origins.has(label.origin));
    } else {
      const built = builtValue(this.builtContext(), v);
      if (!built) return;
      kind = built.kind;
      // The whole value's labels (from the parts' origins) carry how each part was placed.
      const origins = new Set(union(...built.parts.map((p) => this.eval(p))).map((l) => l.origin));
      taint = this.eval(v).filter((label) => origins.has(label.origin));
    }
    this.report(
      RETURN_RULES[kind],
      v,
      taint.filter((l) => l.origin.kind === "parameter"),
      {},
    );
  }
}
