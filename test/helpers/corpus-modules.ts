import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The test corpus's Python modules (`test/corpus/<CWE>/<name>.py`, all valid Python), in a stable order. */
export function corpusModules(): Array<{ name: string; code: string }> {
  const root = fileURLToPath(new URL("../corpus/", import.meta.url));
  const modules: Array<{ name: string; code: string }> = [];
  for (const dir of readdirSync(root).sort())
    for (const file of readdirSync(`${root}${dir}`).sort())
      if (file.endsWith(".py"))
        modules.push({ name: `${dir}/${file}`, code: readFileSync(`${root}${dir}/${file}`, "utf8") });
  return modules;
}
