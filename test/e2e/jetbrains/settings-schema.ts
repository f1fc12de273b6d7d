/**
 * Writes clients/jetbrains/settings.schema.json (the JSON schema LSP4IJ uses for completion in its settings editor)
 * from the one config schema in server/src/config/schema.ts, so the two cannot drift.
 * Run: npx tsx test/e2e/jetbrains/settings-schema.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { configSchema } from "../../../server/src/config/schema.js";

export function settingsJsonSchema(): Record<string, unknown> {
  // "input": what a user may write (every key optional, defaults documented); draft-07 is what
  // the IDE's JSON schema support handles best.
  const section = z.toJSONSchema(configSchema, { io: "input", target: "draft-7" });
  delete section.$schema;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "seclsp settings (LSP4IJ)",
    type: "object",
    properties: { seclsp: { ...section, description: "The `seclsp` settings section." } },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL("../../../clients/jetbrains/settings.schema.json", import.meta.url));
  writeFileSync(target, `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}
