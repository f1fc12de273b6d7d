import { createHash } from "node:crypto";
import { CodeActionKind, ErrorCodes, MessageType, ResponseError } from "vscode-languageserver/node.js";
import { ruffVersion } from "../../analysis/embedded/ruff-engine.js";
import { CommandIds } from "../command-ids.js";
import type { FeatureContext, LspFeature } from "../feature.js";
import { seclspVersion } from "../version-info.js";
import { wants } from "./finding-quick-fixes.js";

export const SOURCE_KIND = `${CodeActionKind.Source}.seclsp`;

export interface DebugInfo {
  seclsp: string;
  node: string;
  ruff: string;
  platform: string;
  config: unknown;
  /** The project file (pyproject.toml [tool.seclsp], .seclsp.toml) under the editor's settings, or null. */
  projectConfigFile: string | null;
  analyzers: Array<{ name: string; available: boolean | string }>;
  openDocuments: number;
}

/** `seclsp.debugInfo {uri}`: the server's copy of a document, to check it sees what the editor sees. */
export interface DocumentDebugInfo {
  uri: string;
  version: number;
  /** UTF-16 code units, like the editor's. */
  length: number;
  /** Of the UTF-8 text. */
  sha256: string;
}

/** `seclsp.debugInfo`: what users paste into bug reports. Also offered as a source action. */
export const debugInfoFeature: LspFeature = {
  name: "debug-info",
  codeActionKinds: [SOURCE_KIND],
  commands: {
    [CommandIds.debugInfo]: async (args, context) => {
      const uri = (args[0] as { uri?: unknown } | null | undefined)?.uri;
      if (typeof uri === "string") {
        const document = documentDebugInfo(uri, context);
        context.client.showMessage(
          MessageType.Info,
          `seclsp: ${uri} version ${document.version}: ${document.length} UTF-16 units, sha256 ${document.sha256}`,
        );
        return document;
      }
      const info = await debugInfo(context);
      context.logger.info(`seclsp debug info:\n${JSON.stringify(info, null, 2)}`);
      context.client.showMessage(MessageType.Info, describeDebugInfo(info));
      return info;
    },
  },
  codeActions(params) {
    // Source actions only on explicit request, so they never clutter the light bulb.
    if (!params.context.only?.some((kind) => wants([kind], SOURCE_KIND))) return [];
    return [
      {
        title: "seclsp: show debug information",
        kind: SOURCE_KIND,
        command: { title: "seclsp: show debug information", command: CommandIds.debugInfo },
      },
    ];
  },
};

function documentDebugInfo(uri: string, context: FeatureContext): DocumentDebugInfo {
  const document = context.documents.get(uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `seclsp: ${uri} is not open`);
  const text = document.getText();
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  return { uri, version: document.version, length: text.length, sha256 };
}

async function debugInfo(context: FeatureContext): Promise<DebugInfo> {
  const analyzers = await Promise.all(
    context.analyzers().map(async (analyzer) => ({
      name: analyzer.name,
      available: await analyzer.available().catch((error: unknown) => String(error)),
    })),
  );
  return {
    seclsp: seclspVersion(),
    node: process.version,
    // From its package: importing ruff here would compile a second 10 MB wasm module in this thread.
    ruff: ruffVersion(),
    platform: `${process.platform}-${process.arch}`,
    config: context.config(),
    projectConfigFile: context.projectConfigFile?.() ?? null,
    analyzers,
    openDocuments: context.documents.all().length,
  };
}

/** The summary users see (the full JSON goes to the log and is the command's result). */
export function describeDebugInfo(info: DebugInfo): string {
  const analyzers = info.analyzers
    .map(({ name, available }) => `${name}: ${available === true ? "ready" : available || "unavailable"}`)
    .join("; ");
  return [
    `seclsp ${info.seclsp} (node ${info.node}, ruff ${info.ruff}, ${info.platform})`,
    `analyzers: ${analyzers}`,
    `open documents: ${info.openDocuments}`,
    "full settings in effect: see the seclsp log",
  ].join("\n");
}
