import {
  type ClientCapabilities,
  type Connection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  TextDocuments,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ConnectionLspClient } from "./connection-lsp-client.js";
import { guardNotification, guardRequest } from "./handler-guards.js";
import { collectRequested, DEBUG_MEMORY_REQUEST } from "./memory-report.js";
import { SeclspServer } from "./seclsp-server.js";

/** One line per LSP method: the connection's events go to SeclspServer, nothing else happens here. */
export function bindConnection(connection: Connection): SeclspServer {
  let capabilities: ClientCapabilities = {};
  const documents = new TextDocuments(TextDocument);
  const server = new SeclspServer({
    client: new ConnectionLspClient(connection, () => capabilities),
    documents,
    taintWorker: true,
  });
  const log = server.logger;
  // LSP: requests after `shutdown` must fail with InvalidRequest (only `exit` may follow).
  let shutDown = false;
  const live = <P extends unknown[], R>(method: string, handler: (...params: P) => R | Promise<R>) =>
    guardRequest(method, log, (...params: P) => {
      if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, `seclsp: ${method} after shutdown`);
      return handler(...params);
    });

  connection.onInitialize(
    guardRequest("initialize", log, (params) => {
      capabilities = params.capabilities;
      return server.initialize(params);
    }),
  );
  connection.onInitialized(
    guardNotification("initialized", log, async () => {
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: "seclsp" });
      }
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification("didChangeWorkspaceFolders", log, (e) => server.didChangeWorkspaceFolders(e)),
        );
      }
      await server.initialized();
    }),
  );
  connection.onDidChangeConfiguration(
    guardNotification("didChangeConfiguration", log, (p) => server.didChangeConfiguration(p)),
  );
  documents.onDidOpen(guardNotification("didOpen", log, (e) => server.didOpen(e.document)));
  documents.onDidChangeContent(
    guardNotification("didChange", log, (e) => server.didChangeContent(e.document)),
  );
  documents.onDidSave(guardNotification("didSave", log, (e) => server.didSave(e.document)));
  documents.onDidClose(guardNotification("didClose", log, (e) => server.didClose(e.document.uri)));
  connection.onCodeAction(live("codeAction", (params) => server.codeActions(params)));
  connection.onExecuteCommand(
    live("executeCommand", (params, token) =>
      server.executeCommand(params, { token, workDoneToken: params.workDoneToken }),
    ),
  );
  // Benchmarks and memory debugging only: never registered in a normal session.
  if (process.env.SECLSP_DEBUG_MEMORY === "1") {
    connection.onRequest(
      DEBUG_MEMORY_REQUEST,
      live("debugMemory", (params: unknown) => server.memoryReport(collectRequested(params))),
    );
  }
  connection.onShutdown(
    guardRequest("shutdown", log, () => {
      shutDown = true;
      // Watchers and background runs are closed before the reply, so `exit` can follow at once.
      return server.shutdown();
    }),
  );
  documents.listen(connection);
  return server;
}
