import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writePrivateFile } from "../../files/private-file.js";
import { userCacheSubdir } from "../../files/user-cache-dir.js";

/**
 * Content-addressed SARIF cache: the key covers the CLI version, the query suite (and the
 * suite file's content when it is a local file) and every file's relative path and text, so
 * re-analyzing unchanged code never spawns codeql.
 */
export class SarifCache {
  constructor(readonly dir: string) {}

  static defaultDir(env: NodeJS.ProcessEnv = process.env): string {
    return userCacheSubdir("codeql", env);
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

  /**
   * Atomic, private write (0700 dir, 0600 file, exclusive random temp name + rename): SARIF
   * carries snippets of the user's code, and a concurrent reader never sees half a file.
   */
  async put(key: string, sarifText: string): Promise<void> {
    await writePrivateFile(this.dir, `${key}.sarif`, sarifText);
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.sarif`);
  }
}
