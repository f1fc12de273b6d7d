import { splitArguments } from "../taint/call-info.js";
import type { ImportMap } from "../taint/imports.js";
import { field, type PyNode, type SyntaxTree, textOf, unwrap } from "../taint/syntax-tree.js";
import { calleeLastName, calleeName, lastSegment, qualifiedName } from "./call-names.js";
import type { CheckEmit, CheckFindings } from "./check-finding.js";
import { assignedName, methodCallsOn } from "./object-uses.js";
import { resolveConstant } from "./python-literals.js";

const PYCRYPTO_WEAK = /^(?:Crypto|Cryptodome)\.Cipher\.(ARC2|ARC4|Blowfish|CAST|DES|DES3|XOR)\.new$/;
const PYCRYPTO_CIPHER = /^(?:Crypto|Cryptodome)\.Cipher\.[A-Za-z0-9_]+\.new$/;
const CRYPTOGRAPHY_WEAK =
  /^cryptography\.hazmat\.(?:primitives|decrepit)\.ciphers\.algorithms\.(ARC4|TripleDES|Blowfish|CAST5|IDEA|SEED)$/;
const CRYPTOGRAPHY_CIPHER = "cryptography.hazmat.primitives.ciphers.Cipher";
const PYCRYPTO_OPERATIONS = new Set(["encrypt", "decrypt", "encrypt_and_digest", "decrypt_and_verify"]);
const CIPHER_CONTEXTS = new Set(["encryptor", "decryptor"]);
const CONTEXT_OPERATIONS = new Set(["update", "update_into", "finalize"]);
/** Callee names worth resolving (aliases are caught through the import map). */
const CRYPTO_CALLS = new Set(["new", "Cipher", "generate_private_key", "generate"]);
const WEAK_ECC_CURVES = /^(P-192|p192|secp192r1|prime192v1|NIST P-192)$/i;

/**
 * `py/weak-cryptographic-algorithm` for pycryptodome/pycrypto (`ARC4.new`, `DES.new`, `AES.new(k,
 * AES.MODE_ECB)`) and `cryptography` (`Cipher(algorithms.ARC4(k), ...)`, `modes.ECB()`), reported
 * where the cipher is used (encrypt/decrypt, encryptor().update) like CodeQL, else at the creation;
 * and `py/weak-crypto-key` for sizes given through constants and pycryptodome ECC curves.
 */
export function runCryptoChecks(
  tree: SyntaxTree,
  imports: ImportMap,
  constants: Map<string, PyNode>,
  findings: CheckFindings,
  calls: readonly PyNode[],
): void {
  const emit = findings.emit;
  for (const node of calls) {
    const last = calleeLastName(tree, node);
    if (last === undefined || (!CRYPTO_CALLS.has(last) && !imports.has(last))) continue;
    const callee = calleeName(tree, imports, node);
    if (!callee) continue;
    const weak = weakAlgorithm(tree, imports, node, callee);
    if (weak) {
      const uses = cipherUses(tree, node, callee === CRYPTOGRAPHY_CIPHER);
      const message = `The ${weak} is broken or weak, and should not be used.`;
      if (uses.length === 0) findings.emit("py/weak-cryptographic-algorithm", node, weak);
      for (const use of uses) {
        findings.emitMessage("py/weak-cryptographic-algorithm", use, message, [
          { node, message: `cipher created with ${weak}` },
          { node: use, message: "cipher used" },
        ]);
      }
    }
    checkKeySizeConstant(tree, node, callee, constants, emit);
  }
}

function weakAlgorithm(
  tree: SyntaxTree,
  imports: ImportMap,
  call: PyNode,
  callee: string,
): string | undefined {
  const pycrypto = PYCRYPTO_WEAK.exec(callee);
  if (pycrypto) return `cryptographic algorithm ${pycrypto[1]}`;
  const { args, kwargs } = splitArguments(tree, call);
  if (PYCRYPTO_CIPHER.test(callee)) {
    const mode = args[1] ?? kwargs.get("mode");
    if (mode && /(?:^|\.)MODE_ECB$/.test(textOf(tree, unwrap(mode)))) return "block mode ECB";
    return undefined;
  }
  if (callee !== CRYPTOGRAPHY_CIPHER) return undefined;
  const algorithm = args[0] ?? kwargs.get("algorithm");
  const algorithmName =
    algorithm && unwrap(algorithm).type === "call"
      ? qualifiedName(tree, imports, field(unwrap(algorithm), "function"))
      : undefined;
  const weak = algorithmName ? CRYPTOGRAPHY_WEAK.exec(algorithmName) : null;
  if (weak) return `cryptographic algorithm ${weak[1]}`;
  const mode = args[1] ?? kwargs.get("mode");
  const modeName =
    mode && unwrap(mode).type === "call"
      ? qualifiedName(tree, imports, field(unwrap(mode), "function"))
      : undefined;
  if (modeName && lastSegment(modeName) === "ECB" && modeName.includes("modes")) return "block mode ECB";
  return undefined;
}

/** Where a cipher object is used: `c.encrypt(...)`, or `c.encryptor()` then `e.update(...)`. */
function cipherUses(tree: SyntaxTree, creation: PyNode, cryptography: boolean): PyNode[] {
  const name = assignedName(tree, creation);
  if (!cryptography) return methodCallsOn(tree, creation, name, PYCRYPTO_OPERATIONS);
  const uses: PyNode[] = [];
  for (const context of methodCallsOn(tree, creation, name, CIPHER_CONTEXTS)) {
    const operations = methodCallsOn(tree, context, assignedName(tree, context), CONTEXT_OPERATIONS);
    // `finalize()` alone carries no data: report the update calls, else the context creation.
    const updates = operations.filter((op) => !/\.finalize$/.test(textOf(tree, field(op, "function")!)));
    uses.push(...(updates.length > 0 ? updates : [context]));
  }
  return uses;
}

/**
 * Key sizes given through a name (`KEY_SIZE = 1024`): the literal case is the taint catalog's
 * config check, so only names are handled here (no double report).
 */
function checkKeySizeConstant(
  tree: SyntaxTree,
  call: PyNode,
  callee: string,
  constants: Map<string, PyNode>,
  emit: CheckEmit,
): void {
  const { args, kwargs } = splitArguments(tree, call);
  const pick = (index: number, name: string) =>
    args[index] && args[index].type !== "list_splat" ? args[index] : kwargs.get(name);
  let algorithm: string | undefined;
  let sizeNode: PyNode | undefined;
  if (/(^|\.)rsa\.generate_private_key$/.test(callee)) [algorithm, sizeNode] = ["RSA", pick(1, "key_size")];
  else if (/(^|\.)dsa\.generate_private_key$/.test(callee))
    [algorithm, sizeNode] = ["DSA", pick(0, "key_size")];
  else if (/(?:Crypto|Cryptodome)\.PublicKey\.(RSA|DSA)\.generate$/.test(callee)) {
    algorithm = /DSA/.test(callee) ? "DSA" : "RSA";
    sizeNode = pick(0, "bits");
  } else if (/(?:Crypto|Cryptodome)\.PublicKey\.ECC\.generate$/.test(callee)) {
    const curve = kwargs.get("curve");
    const value = curve ? resolveConstant(tree, curve, constants) : undefined;
    const text = value?.type === "string" ? textOf(tree, value).replace(/^[a-zA-Z]*['"]+|['"]+$/g, "") : "";
    if (WEAK_ECC_CURVES.test(text)) emit("py/weak-crypto-key", call, "EC", "192", "224");
    return;
  }
  if (!algorithm || !sizeNode || unwrap(sizeNode).type !== "identifier") return;
  const value = resolveConstant(tree, sizeNode, constants);
  if (value.type !== "integer") return;
  const size = Number(textOf(tree, value).replace(/_/g, ""));
  if (Number.isFinite(size) && size < 2048) emit("py/weak-crypto-key", call, algorithm, String(size), "2048");
}
