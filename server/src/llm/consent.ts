import { isIP } from "node:net";

/**
 * Consent before code leaves the machine: a model endpoint that is not loopback receives code
 * only when the user set `seclsp.llm.allowRemote: true`. Checked before every network request
 * (cache hits and replay never reach the network, so they need no consent).
 */

export class ConsentRequiredError extends Error {
  override readonly name = "ConsentRequiredError";
  constructor(
    readonly baseURL: string,
    readonly host: string,
  ) {
    super(
      `seclsp did not send your code to ${host}: it is not a local (loopback) endpoint. ` +
        `To allow sending code to remote model endpoints, set "seclsp.llm.allowRemote": true ` +
        `in your editor's seclsp settings (or llm.allowRemote: true in the seclsp config file), ` +
        `or point seclsp.llm.*.baseURL at a local server such as http://127.0.0.1:11434/v1.`,
    );
  }
}

/**
 * True for 127.0.0.0/8, ::1 (also IPv4-mapped ::ffff:127.x.x.x) and exactly the name `localhost`.
 * Not `*.localhost`, not `localhost.` (resolved through DNS search rules), not 0.0.0.0. Hosts come
 * from the WHATWG URL parser, which already turns decimal/hex/octal IPv4 tricks (`2130706433`,
 * `0x7f.1`) into dotted form: those are loopback only when they really are 127.x.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost") return true;
  const ipVersion = isIP(host);
  if (ipVersion === 4) return host.split(".")[0] === "127";
  if (ipVersion === 6) return isLoopbackIpv6(host);
  return false;
}

function isLoopbackIpv6(host: string): boolean {
  // The URL parser prints the canonical form: "::1", and IPv4-mapped addresses as "::ffff:7f00:1".
  let canonical: string;
  try {
    canonical = new URL(`http://[${host}]/`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  if (canonical === "::1") return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(canonical);
  return mapped?.[1] !== undefined && Number.parseInt(mapped[1], 16) >> 8 === 127;
}

/** Hostname of a baseURL, or undefined when it does not parse. */
export function endpointHost(baseURL: string): string | undefined {
  try {
    return new URL(baseURL).hostname;
  } catch {
    return undefined;
  }
}

export function isLoopbackUrl(baseURL: string): boolean {
  const host = endpointHost(baseURL);
  return host !== undefined && isLoopbackHost(host);
}

/** Throws ConsentRequiredError unless the endpoint is loopback or remote use is allowed. */
export function assertConsent(baseURL: string, allowRemote: boolean): void {
  if (allowRemote || isLoopbackUrl(baseURL)) return;
  throw new ConsentRequiredError(baseURL, endpointHost(baseURL) ?? baseURL);
}
