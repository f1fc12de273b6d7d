// First: V8 flags apply to the collections and compilations after them (see both modules).
import "./config/heap-tuning.js";
import "./config/jit-tuning.js";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { registerBenchCommand } from "./bench/bench-command.js";
import { registerCheckCommand } from "./check/check-command.js";
import { packageVersion } from "./check/package-version.js";
import type { ServerTransport } from "./lsp/start-server.js";

interface ServerFlags {
  stdio?: boolean;
  nodeIpc?: boolean;
  socket?: number;
}

const program = new Command("seclsp")
  .description("Python security language server (LSP) and checker")
  .version(packageVersion(), "-v, --version")
  .option("--stdio", "run the language server over stdin/stdout")
  .option("--node-ipc", "run the language server over Node IPC")
  .addOption(new Option("--socket <port>", "run the language server connecting to this port").argParser(port))
  // vscode-languageclient appends --clientProcessId=<pid>; accept it instead of failing.
  .addOption(new Option("--clientProcessId <pid>").hideHelp())
  .exitOverride()
  // Subcommands inherit this at creation: their usage errors end with a pointer to their help.
  .showHelpAfterError("(add --help for usage)")
  .action(async (flags: ServerFlags) => {
    // A word that is not a subcommand reaches the root action as an operand.
    const [unknown] = program.args;
    if (unknown !== undefined) {
      program.error(`error: unknown command '${unknown}'`, { code: "commander.unknownCommand", exitCode: 2 });
    }
    const transports: ServerTransport[] = [];
    if (flags.stdio) transports.push("stdio");
    if (flags.nodeIpc) transports.push("node-ipc");
    if (flags.socket !== undefined) transports.push({ socket: flags.socket });
    if (transports.length !== 1) {
      if (transports.length > 1)
        process.stderr.write("seclsp: choose one of --stdio, --node-ipc, --socket\n");
      program.outputHelp({ error: true });
      process.exitCode = 2;
      return;
    }
    // stdout carries the protocol from here on: nothing else may print to it.
    console.log = console.error;
    const { startServer } = await import("./lsp/start-server.js");
    startServer(transports[0]!);
  });

registerCheckCommand(program);
registerBenchCommand(program);
// Root only (set after the subcommands copied the settings): operands are reported as unknown
// commands by the action above, and the full help after a root error lists the commands.
program.allowExcessArguments().showHelpAfterError();

try {
  await program.parseAsync();
} catch (error) {
  // exitOverride: commander throws instead of exiting; help/version are fine, the rest is usage.
  if (!(error instanceof CommanderError)) throw error;
  const ok = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
  process.exitCode = ok ? 0 : 2;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535)
    throw new InvalidArgumentError("expected a port number");
  return parsed;
}
