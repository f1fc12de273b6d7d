import { randomBytes } from "node:crypto";
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
  if (basename(name) !== name || name === "" || name === "." || name === "..") {
    throw new Error(`not a plain file name: ${JSON.stringify(name)}`);
  }
  const privateDir = await ensurePrivateDir(dir);
  const file = join(privateDir, name);
  const temp = join(privateDir, `.${name}.${randomBytes(8).toString("hex")}.tmp`);
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
