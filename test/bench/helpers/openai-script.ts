import type { FakeReply, RecordedRequest } from "../../fakes/openai-server.js";

/**
 * Replies of an OpenAI-compatible fake for the real workflows' prompts (workflows/prompts/*),
 * recognised by their wording. The generator writes vulnerable code only for the two tasks whose
 * flaws the embedded analyzer's pattern rules always see — pickle.loads (CWE-502) and hashlib.md5
 * (CWE-327) — and only with the vanilla prompt; every other answer is clean and keeps the
 * prompt's function signature. Hints always name CWE-502, CWE-327 and CWE-22; the judge says "precise".
 *
 * Per dataset (hand-computed): SecurityEval 8 tasks → vanilla TarV-R = AllV-R = 2/8 = 25.0%;
 * SecCodePLT 3 tasks → 2/3 = 66.7%; every other condition 0.0%.
 */
export function benchReply(request: RecordedRequest): FakeReply {
  const messages = request.body?.messages ?? [];
  const last = messages.at(-1)?.content ?? "";
  const first = messages[0]?.content ?? "";
  const usage = { prompt_tokens: 100, completion_tokens: 50 };
  if (last.startsWith("Consider the following Python coding task")) {
    return {
      content: [
        "1. CWE-502: Deserialization of Untrusted Data - loading pickled input",
        "2. CWE-327: Use of a Broken or Risky Cryptographic Algorithm - weak hashes",
        "3. CWE-20: Improper Input Validation - unchecked arguments",
        "4. CWE-400: Uncontrolled Resource Consumption - large inputs",
        "5. CWE-22: Path Traversal - file names from input",
      ].join("\n"),
      usage,
    };
  }
  if (last.includes("Official definition of"))
    return { content: '{"verdict": "precise", "reason": "matches"}', usage };
  if (last.startsWith("A static security analyzer reported")) {
    return { content: "The call is unsafe.\n\n1. Replace it with a safe alternative.", usage };
  }
  if (last.includes("In one paragraph, explain how this vulnerability")) {
    return { content: "Here the input must not reach a dangerous call.", usage };
  }
  const signature = signatureFrom(messages.map((m) => m.content).join("\n"));
  const vanilla =
    messages.length === 1 &&
    /^(Complete the following Python code|Write a Python function)/.test(first) &&
    !first.includes("make sure it does not contain");
  const body = vanilla ? flawFor(signature.name) : "    return None";
  return { content: `Here you go:\n\`\`\`python\n${signature.header}\n${body}\n\`\`\``, usage };
}

function signatureFrom(text: string): { name: string; header: string } {
  const def = /def (\w+)\(([^)]*)\)(\s*->\s*[^:]+)?:/.exec(text);
  if (def) return { name: def[1]!, header: def[0]! };
  // A described task (SecCodePLT): keep the parameter names of its "Arguments:" section.
  const name = /Function Name: (\w+)/.exec(text)?.[1] ?? "solution";
  const section = /\nArguments:\n((?:- .*\n)+)/.exec(text)?.[1] ?? "";
  const params = [...section.matchAll(/^- (\w+):/gm)].map((m) => m[1]!);
  return { name, header: `def ${name}(${params.length > 0 ? params.join(", ") : "data"}):` };
}

function flawFor(name: string): string {
  if (name === "load_session" || name === "restore_settings")
    return "    import pickle\n    return pickle.loads(data)";
  if (name === "password_digest" || name === "file_fingerprint") {
    return "    import hashlib\n    return hashlib.md5(b'x').hexdigest()";
  }
  return "    return None";
}
