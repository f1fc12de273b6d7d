import { describe, expect, it } from "vitest";
import { taint } from "./taint-helpers.js";

async function found(code: string, rule: string): Promise<string[]> {
  return (await taint(code))
    .filter((f) => f.ruleId === rule)
    .map((f) => `${f.range.start.line + 1}:${f.severity}`);
}

describe("configuration checks: the benign variants", () => {
  it("does not take jwt.decode(verify=False) for an HTTP request without certificate checks", async () => {
    const code = `import jwt, requests
def claims(token):
    return jwt.decode(token, verify=False)
def fetch(session, url):
    return session.get(url, verify=False)
def raw(url):
    return requests.request("GET", url, verify=False)
def other(signer, blob):
    return signer.loads(blob, verify=False)
`;
    const lines = (await found(code, "py/request-without-cert-validation")).map((s) => s.split(":")[0]);
    expect(lines).toEqual(["5", "7"]);
  });

  it("does not ask a client cookie jar for response cookie attributes", async () => {
    const code = `def keep(jar, cookie):
    jar.set_cookie(cookie)
def respond(resp, sid):
    resp.set_cookie("sid", sid)
`;
    expect((await found(code, "py/insecure-cookie")).map((s) => s.split(":")[0])).toEqual(["4"]);
  });
});
