import type { LookupFunction } from "node:net";
import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";
import { trustedCertificates } from "./ca-bundle.js";
import { isLoopbackHost } from "./consent.js";
import { LlmError } from "./errors.js";

/**
 * How requests to model endpoints reach the network behind a company proxy: HTTP_PROXY /
 * HTTPS_PROXY / NO_PROXY (lower-case names win, as in curl and undici; HTTPS falls back to
 * HTTP_PROXY when only that is set) and extra CAs (ca-bundle.ts).
 *
 * A loopback endpoint never goes through a proxy, whatever NO_PROXY says: code meant for a model
 * on this machine (consent needs no allowRemote for it) must not travel to a proxy elsewhere.
 * Consent itself is checked on the final endpoint by guarded-fetch.ts before any dispatcher runs,
 * so a refused endpoint never opens a connection to the proxy either.
 */

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  /** Comma/space separated hosts (`.corp.example`, `*.corp.example`, `host:port`, `*`). */
  noProxy: string;
}

export interface ModelDispatcherOptions {
  env: NodeJS.ProcessEnv;
  /** seclsp.llm.caFile: a PEM bundle added to Node's trusted roots. */
  caFile?: string;
  /** Name resolution for direct connections; tests reach a non-loopback name without DNS. */
  lookup?: LookupFunction;
}

export interface ModelDispatchers {
  /** The dispatcher for a request to `url` (the final endpoint, already consented). */
  forUrl(url: URL): Dispatcher;
  close(): Promise<void>;
}

/** The proxy variables in `env`, or undefined when neither HTTP_PROXY nor HTTPS_PROXY is set. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const read = (name: string) => (env[name.toLowerCase()] ?? env[name.toUpperCase()])?.trim() || undefined;
  const httpProxy = read("http_proxy");
  const httpsProxy = read("https_proxy");
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  return {
    ...(httpProxy ? { httpProxy: proxyUrl(httpProxy, "HTTP_PROXY") } : {}),
    ...(httpsProxy ? { httpsProxy: proxyUrl(httpsProxy, "HTTPS_PROXY") } : {}),
    noProxy: read("no_proxy") ?? "",
  };
}

/**
 * Dispatchers for the model client, or undefined when nothing differs from a plain fetch (no
 * proxy variable, no extra CA): then the global fetch is used unchanged.
 */
export function modelDispatchers(options: ModelDispatcherOptions): ModelDispatchers | undefined {
  const proxy = proxySettingsFromEnv(options.env);
  const ca = trustedCertificates(options.caFile, options.env);
  if (proxy === undefined && ca === undefined && options.lookup === undefined) return undefined;
  const tls = ca ? { ca } : {};
  const direct = new Agent({ connect: { ...tls, ...(options.lookup ? { lookup: options.lookup } : {}) } });
  const proxied = proxy
    ? new EnvHttpProxyAgent({
        // Explicit "" so undici never falls back to process.env (the injected env is the truth).
        httpProxy: proxy.httpProxy ?? "",
        httpsProxy: proxy.httpsProxy ?? "",
        noProxy: proxy.noProxy,
        connect: { ...tls, ...(options.lookup ? { lookup: options.lookup } : {}) },
        requestTls: tls,
        proxyTls: tls,
      })
    : undefined;
  return {
    forUrl: (url) => (proxied && !isLoopbackHost(url.hostname) ? proxied : direct),
    close: async () => {
      await Promise.all([direct.close(), proxied?.close()]);
    },
  };
}

/** `proxy.corp:3128` means http://proxy.corp:3128 (curl's reading); anything else must parse. */
function proxyUrl(value: string, variable: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new LlmError(
      "connection",
      `${variable} is not a proxy URL (expected http://host:port); nothing was sent`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LlmError(
      "connection",
      `${variable} uses ${url.protocol}// — seclsp supports http:// and https:// proxies; nothing was sent`,
    );
  }
  return url.href;
}
