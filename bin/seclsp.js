#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import("../dist/cli.js").catch((error) => {
  process.stderr.write(
    `seclsp: cannot start (${error instanceof Error ? error.message : String(error)}).\n` +
      "Run `npm ci` (or `npm run build`) in the seclsp folder first.\n",
  );
  process.exit(2);
});
