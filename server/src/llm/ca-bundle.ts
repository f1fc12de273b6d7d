import { readFileSync, statSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { LlmError } from "./errors.js";

/**
 * Extra certificate authorities for model endpoints (a company proxy that re-signs TLS, a model
 * server with a private CA): `seclsp.llm.caFile` plus the file named by NODE_EXTRA_CA_CERTS.
 * Node's TLS `ca` option REPLACES the default trust store, so the list always starts with Node's
 * bundled roots: adding a CA never removes the public ones.
 */

/** A CA bundle is a few hundred KiB at most; a bigger "PEM" file is a mistake, not a bundle. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The full trust list (Node's roots + the extra files' certificates), or undefined when no extra
 * file is configured (then Node's default store applies, which already includes
 * NODE_EXTRA_CA_CERTS when it was set at startup).
 */
export function trustedCertificates(
  caFile: string | undefined,
  env: NodeJS.ProcessEnv,
): string[] | undefined {
  const extraFromEnv = env.NODE_EXTRA_CA_CERTS?.trim() || undefined;
  if (caFile === undefined && extraFromEnv === undefined) return undefined;
  const extra = [
    ...(extraFromEnv ? readCertificates(extraFromEnv, "NODE_EXTRA_CA_CERTS") : []),
    ...(caFile !== undefined ? readCertificates(caFile, "seclsp.llm.caFile") : []),
  ];
  return [...rootCertificates, ...extra];
}

function readCertificates(path: string, setting: string): string[] {
  let text: string;
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new Error("not a regular file");
    if (info.size > MAX_CA_FILE_BYTES) throw new Error(`${info.size} bytes, more than ${MAX_CA_FILE_BYTES}`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new LlmError(
      "connection",
      `${setting} ${path} cannot be read (${(error as Error).message}); nothing was sent`,
    );
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) {
    throw new LlmError(
      "connection",
      `${setting} ${path} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"); nothing was sent`,
    );
  }
  return certificates;
}
