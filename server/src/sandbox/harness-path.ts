import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The harness ships in server/resources; find it from dist/ and from sources run by tsx alike. */
export function harnessPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "server", "resources", "python", "testcase_harness.py");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("seclsp: testcase_harness.py not found (is server/resources shipped with the package?)");
}
