// Placeholder entry; the CLI (commander: --stdio | check | bench ...) is being built.
process.stderr.write("seclsp: not built yet\n");
process.exit(2);
