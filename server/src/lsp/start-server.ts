// First: V8 heap and compiler flags apply to heaps, isolates and compilations after them. (ruff's
// wasm is compiled only in its worker, which sets and resets its own tiering flag: wasm-tuning.ts.)
import "../config/heap-tuning.js";
import "../config/jit-tuning.js";
import { format } from "node:util";
import {
  type Connection,
  createConnection,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
} from "vscode-languageserver/node.js";
import { bindConnection } from "./connection-bindings.js";
import { FramingGuard } from "./framing-guard.js";

export type ServerTransport = "stdio" | "node-ipc" | { socket: number };

/**
 * Start the language server on the given transport. Everything the process would print goes to
 * the client's log instead, because in stdio mode stdout carries the protocol.
 */
export function startServer(transport: ServerTransport): void {
  const connection = connect(transport);
  routeConsoleToClient(connection);
  // One bad request or a stray rejected promise must not take the editor's server down.
  process.on("uncaughtException", (error) => {
    connection.console.error(`seclsp: uncaught exception: ${describe(error)}`);
  });
  process.on("unhandledRejection", (reason) => {
    connection.console.error(`seclsp: unhandled rejection: ${describe(reason)}`);
  });
  bindConnection(connection);
  connection.listen();
}

function connect(transport: ServerTransport): Connection {
  if (transport === "stdio") {
    const input = new FramingGuard();
    input.on("error", exitOnFramingError);
    process.stdin.pipe(input);
    return createConnection(ProposedFeatures.all, input, process.stdout);
  }
  if (transport === "node-ipc") {
    return createConnection(
      ProposedFeatures.all,
      new IPCMessageReader(process),
      new IPCMessageWriter(process),
    );
  }
  // --socket=<port>: the client listens, the server connects (vscode-languageserver convention).
  const [reader, writer] = createServerSocketTransport(transport.socket);
  reader.onError(exitOnFramingError);
  return createConnection(ProposedFeatures.all, reader, writer);
}

/**
 * A framing error means the byte stream can no longer be split into messages: staying alive would
 * leave a server that never answers again. Exit non-zero so the editor reports it and restarts.
 */
function exitOnFramingError(error: Error): void {
  process.stderr.write(
    `seclsp: fatal: unreadable LSP input from the client (${error.message}); exiting so the editor can restart the server\n`,
  );
  process.exit(2);
}

function routeConsoleToClient(connection: Connection): void {
  const text = (args: unknown[]) => format(...args);
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.trace = (...args: unknown[]) => connection.console.log(`${text(args)}\n${new Error().stack ?? ""}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
