import { argument, type CallInfo, isFalsyConstant, isTruthyConstant } from "../taint/call-info.js";
import { field, namedChildren, type PyNode, stringValue, unwrap } from "../taint/syntax-tree.js";
import type { PatternContext, PatternEmit } from "./pattern-context.js";

const LDAP_BIND = /^(simple_bind|simple_bind_s|bind|bind_s)$/;
const WILDCARD_ORIGINS = new Set(["*", "null"]);

/**
 * Call checks of authentication and configuration queries: JWT verification and keys, LDAP
 * binds, SimpleXMLRPCServer, CORS with credentials, Azure client-side encryption v1.
 */
export function checkAuthCall(ctx: PatternContext, call: CallInfo, emit: PatternEmit): void {
  const q = call.qualified;
  const node = call.node;
  if (q === "jwt.decode" || q === "jose.jwt.decode" || q === "jwt.api_jwt.decode") {
    const options = call.kwargs.get("options");
    const verify = call.kwargs.get("verify");
    if ((verify && isFalsyConstant(ctx.tree, verify)) || (options && disablesSignature(ctx, options)))
      emit({ rule: "py/jwt-missing-verification", node, args: [] });
  }
  if (q === "jwt.encode" || q === "jose.jwt.encode") {
    const key = argument(call, 1, "key");
    const algorithm = call.kwargs.get("algorithm") ?? call.args[2];
    if (key && isFalsyConstant(ctx.tree, key))
      emit({ rule: "py/jwt-empty-secret-or-algorithm", node, args: ["key"] });
    else if (
      algorithm &&
      (unwrap(algorithm).type === "none" || stringValue(ctx.tree, algorithm)?.toLowerCase() === "none")
    )
      emit({ rule: "py/jwt-empty-secret-or-algorithm", node, args: ["algorithm"] });
  }
  if (q === "xmlrpc.server.SimpleXMLRPCServer" || q === "SimpleXMLRPCServer.SimpleXMLRPCServer")
    emit({ rule: "py/simple-xml-rpc-server-dos", node, args: [] });
  checkLdap(ctx, call, emit);
  checkCors(ctx, call, emit);
  if (
    q?.startsWith("azure.storage.") &&
    call.kwargs.has("key_encryption_key") &&
    stringValue(ctx.tree, call.kwargs.get("encryption_version") ?? node) !== "2.0"
  )
    emit({ rule: "py/azure-storage/unsafe-client-side-encryption-in-use", node, args: [] });
}

function disablesSignature(ctx: PatternContext, options: PyNode): boolean {
  const n = ctx.valueOf(options);
  if (n.type === "dictionary") {
    return namedChildren(n).some((pair) => {
      if (pair.type !== "pair") return false;
      const key = field(pair, "key");
      const value = field(pair, "value");
      return !!key && stringValue(ctx.tree, key) === "verify_signature" && isFalsyConstant(ctx.tree, value);
    });
  }
  if (n.type === "call" && ctx.text(field(n, "function") ?? n) === "dict") {
    const kw = ctx.call(n).kwargs.get("verify_signature");
    return kw !== undefined && isFalsyConstant(ctx.tree, kw);
  }
  return false;
}

function importsModule(ctx: PatternContext, module: string): boolean {
  for (const q of ctx.imports.values()) if (q === module || q.startsWith(`${module}.`)) return true;
  return false;
}

/** Per file, once (a whole-text scan per call made large files quadratic): password binds, no TLS. */
function clearTextBindsIn(ctx: PatternContext): boolean {
  return ctx.fileFact("clear-text-binds", () => {
    const usesTls = /start_tls|AUTO_BIND_TLS_BEFORE_BIND|OPT_X_TLS/.test(ctx.tree.text);
    return !usesTls && /password\s*=|simple_bind(_s)?\([^)\n]*,/.test(ctx.tree.text);
  });
}

function checkLdap(ctx: PatternContext, call: CallInfo, emit: PatternEmit): void {
  const q = call.qualified;
  // python-ldap: a bind without a password (or with an empty one) is an anonymous bind.
  if (q === undefined && call.receiver && LDAP_BIND.test(call.name) && importsModule(ctx, "ldap")) {
    const password = argument(call, 1, "cred", "password");
    if (!password) emit({ rule: "py/improper-ldap-auth", node: call.node, args: ["no password"] });
    else if (isFalsyConstant(ctx.tree, password))
      emit({ rule: "py/improper-ldap-auth", node: call.node, args: ["empty password"] });
  }
  if (q === "ldap3.Connection") {
    const password = argument(call, 2, "password");
    if (!password) emit({ rule: "py/improper-ldap-auth", node: call.node, args: ["no password"] });
    else if (isFalsyConstant(ctx.tree, password))
      emit({ rule: "py/improper-ldap-auth", node: call.node, args: ["empty password"] });
  }
  // Clear-text LDAP: an ldap:// host, no TLS anywhere in the file, and a password bind.
  if (q !== "ldap.initialize" && q !== "ldap3.Server") return;
  if (!clearTextBindsIn(ctx)) return;
  if (q === "ldap.initialize") {
    const uri = argument(call, 0, "uri");
    const value = uri ? stringValue(ctx.tree, uri) : undefined;
    if (value?.toLowerCase().startsWith("ldap://"))
      emit({ rule: "py/insecure-ldap-auth", node: call.node, args: ["ldap:// without StartTLS"] });
  }
  if (q === "ldap3.Server") {
    const host = argument(call, 0, "host");
    const value = host ? stringValue(ctx.tree, host) : undefined;
    const ssl = call.kwargs.get("use_ssl");
    if (value !== undefined && !/^ldaps:\/\//i.test(value) && !isTruthyConstant(ctx.tree, ssl))
      emit({ rule: "py/insecure-ldap-auth", node: call.node, args: ["no SSL and no StartTLS"] });
  }
}

function checkCors(ctx: PatternContext, call: CallInfo, emit: PatternEmit): void {
  const q = call.qualified;
  // Starlette / FastAPI: add_middleware(CORSMiddleware, ...) or Middleware(CORSMiddleware, ...)
  const first = call.args[0];
  if (
    (call.name === "add_middleware" || call.name === "Middleware") &&
    first &&
    /CORSMiddleware$/.test(ctx.text(first)) &&
    isTruthyConstant(ctx.tree, call.kwargs.get("allow_credentials"))
  ) {
    const origins = call.kwargs.get("allow_origins");
    const regex = call.kwargs.get("allow_origin_regex");
    const wildcard = origins ? wildcardOrigin(ctx, origins) : undefined;
    const anyRegex = regex && /^\^?\.[*+]\$?$/.test(stringValue(ctx.tree, regex) ?? "") ? "*" : undefined;
    if (wildcard ?? anyRegex)
      emit({ rule: "py/cors-misconfiguration-with-credentials", node: call.node, args: [wildcard ?? "*"] });
  }
  // flask-cors: CORS(app, supports_credentials=True) allows every origin unless told otherwise
  if (
    (q === "flask_cors.CORS" || q === "flask_cors.cross_origin") &&
    isTruthyConstant(ctx.tree, call.kwargs.get("supports_credentials"))
  ) {
    const origins = call.kwargs.get("origins");
    const wildcard = origins ? wildcardOrigin(ctx, origins) : "*";
    if (wildcard)
      emit({ rule: "py/cors-misconfiguration-with-credentials", node: call.node, args: [wildcard] });
  }
}

function wildcardOrigin(ctx: PatternContext, node: PyNode): string | undefined {
  const n = unwrap(node);
  const values =
    n.type === "list" || n.type === "tuple" || n.type === "set"
      ? namedChildren(n).map((item) => stringValue(ctx.tree, item))
      : [stringValue(ctx.tree, n)];
  return values.find((v): v is string => v !== undefined && WILDCARD_ORIGINS.has(v));
}
