import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { EXCLUSIVE_NOFOLLOW, ensurePrivateDir } from "./user-cache-dir.js";

/**
 * Write `content` to `dir/name` so nobody else can read it or redirect it: the directory is made
 * private first (ensurePrivateDir), the bytes go to a fresh random name created with
 * O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, and a rename puts it in place. rename(2) replaces a
 * symlink planted at `name` instead of following it, and readers never see half a file.
 */
export async function writePrivateFile(dir: string, name: string, content: string): Promise<string> {
  checkPlainName(name);
  const privateDir = await ensurePrivateDir(dir);
  const file = join(privateDir, name);
  const temp = tempNameFor(privateDir, name);
  const handle = await open(temp, EXCLUSIVE_NOFOLLOW, 0o600);
  try {
    await handle.writeFile(content, "utf8");
    // The umask cannot widen 0600, but an inherited ACL default could: set it explicitly.
    await handle.chmod(0o600);
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return file;
}

/**
 * `writePrivateFile` in this thread, into a directory the caller made private (ensurePrivateDir)
 * earlier in this process — for `seclsp check`, whose thread exists to analyze: the six
 * thread-pool round trips of the promise version cost it ~0.5 ms of CPU per file, the syscalls
 * ~0.1 ms. Same guarantees: a fresh O_EXCL|O_NOFOLLOW 0600 temp file, then rename.
 */
export function writePrivateFileSync(privateDir: string, name: string, content: string): string {
  checkPlainName(name);
  const file = join(privateDir, name);
  const temp = tempNameFor(privateDir, name);
  const fd = openSync(temp, EXCLUSIVE_NOFOLLOW, 0o600);
  try {
    try {
      writeFileSync(fd, content, "utf8");
      fchmodSync(fd, 0o600);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return file;
}

function checkPlainName(name: string): void {
  if (basename(name) !== name || name === "" || name === "." || name === "..") {
    throw new Error(`not a plain file name: ${JSON.stringify(name)}`);
  }
}

function tempNameFor(dir: string, name: string): string {
  return join(dir, `.${name}.${randomBytes(8).toString("hex")}.tmp`);
}
