import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Content-addressed SARIF cache: the key covers the CLI version, the query suite (and the
 * suite file's content when it is a local file) and every file's relative path and text, so
 * re-analyzing unchanged code never spawns codeql.
 */
export class SarifCache {
  constructor(readonly dir: string) {}

  static defaultDir(env: NodeJS.ProcessEnv = process.env): string {
    const base =
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(os.homedir(), ".cache");
    return path.join(base, "seclsp", "codeql");
  }

  static key(parts: {
    cliVersion: string;
    suite: string;
    suiteContent?: string;
    files: { rel: string; text: string }[];
  }): string {
    const hash = createHash("sha256");
    hash.update(`v1\0${parts.cliVersion}\0${parts.suite}\0${parts.suiteContent ?? ""}\0`);
    for (const file of [...parts.files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) {
      hash.update(`${file.rel}\0${createHash("sha256").update(file.text).digest("hex")}\0`);
    }
    return hash.digest("hex");
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(key), "utf8");
    } catch {
      return undefined;
    }
  }

  /** Atomic write (temp file + rename) so a concurrent reader never sees half a file. */
  async put(key: string, sarifText: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = path.join(this.dir, `.${key}.${randomUUID()}.tmp`);
    await writeFile(temp, sarifText, "utf8");
    await rename(temp, this.file(key));
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.sarif`);
  }
}
