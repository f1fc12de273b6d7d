/** npm run docs:findings — rewrite the rule tables of docs/findings.md from the rule registry. */
import { readFileSync, writeFileSync } from "node:fs";
import { withRuleTables } from "../server/src/analysis/rules/findings-doc.js";

const file = new URL("../docs/findings.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = withRuleTables(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? "docs/findings.md is up to date" : "docs/findings.md: rule tables rewritten");
