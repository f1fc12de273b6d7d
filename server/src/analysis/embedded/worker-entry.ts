import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * How to start a worker whose entry is `<name>.js` next to this file: the compiled entry (dist/),
 * or — when running from TypeScript sources under vitest or tsx — the .ts entry through tsx's
 * require hook (a dev dependency, present exactly when the sources are). tsx's ESM loader
 * (`--import tsx`) is not usable: its hooks need the main thread, which may be blocked in
 * `Atomics.wait` (the ruff host) while a worker starts.
 */
export function workerEntry(name: string): { entry: URL | string; eval: boolean } {
  const compiled = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { entry: compiled, eval: false };
  const require = createRequire(import.meta.url);
  const source = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const bootstrap = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(source)});`;
  return { entry: bootstrap, eval: true };
}
