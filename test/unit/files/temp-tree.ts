import { mkdir, mkdtemp, realpath, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Create a temp folder holding `files` (relative path → content); returns its real path. */
export async function tempTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "seclsp-files-")));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return root;
}
