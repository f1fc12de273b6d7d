import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isHighEntropyToken, redactMessages, SecretRedactor } from "../../../server/src/llm/redaction.js";

function redact(text: string): string {
  return new SecretRedactor().redact(text);
}

describe("SecretRedactor.redact", () => {
  it("replaces tokens recognised by their prefix", () => {
    const cases: Array<[string, string]> = [
      ['k = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123"', 'k = "<SECLSP_SECRET_1>"'],
      ["gh = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'", "gh = '<SECLSP_SECRET_1>'"],
      ['t = "gho_abcdefghijklmnopqrstuvwxyz0123456789"', 't = "<SECLSP_SECRET_1>"'],
      ['pat = "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"', 'pat = "<SECLSP_SECRET_1>"'],
      ['slack = "xoxb-1234567890-abcdefghij"', 'slack = "<SECLSP_SECRET_1>"'],
      ['slack = "xoxp-1234567890-abcdefghij"', 'slack = "<SECLSP_SECRET_1>"'],
      ["aws = 'AKIAIOSFODNN7EXAMPLE'", "aws = '<SECLSP_SECRET_1>'"],
      ['g = "AIzaSyA1234567890abcdefghijklmnopqrstu"', 'g = "<SECLSP_SECRET_1>"'],
      ['gl = "glpat-abcdefghij0123456789"', 'gl = "<SECLSP_SECRET_1>"'],
      ["# key sk-abcdefghijklmnopqrstuvwx in a comment", "# key <SECLSP_SECRET_1> in a comment"],
      ['stripe = "sk_live_abcdefghijklmnop1234"', 'stripe = "<SECLSP_SECRET_1>"'],
      ['hf = "hf_abcdefghijklmnopqrstuvwxyz01234567"', 'hf = "<SECLSP_SECRET_1>"'],
      [
        'jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"',
        'jwt = "<SECLSP_SECRET_1>"',
      ],
      [
        'DB = "postgresql://app:S3cret!pw@db.internal:5432/prod"',
        'DB = "postgresql://app:<SECLSP_SECRET_1>@db.internal:5432/prod"',
      ],
      [
        'headers = {"Authorization": "Bearer abc123def456"}',
        'headers = {"Authorization": "<SECLSP_SECRET_1>"}',
      ],
    ];
    for (const [input, expected] of cases) expect(redact(input)).toBe(expected);
  });

  it("replaces literals assigned to sensitive names: assignments, annotations, dict keys, keyword args, comparisons", () => {
    expect(redact('DB_PASSWORD = "hunter2!"')).toBe('DB_PASSWORD = "<SECLSP_SECRET_1>"');
    expect(redact("passwd: str = 'letmein'")).toBe("passwd: str = '<SECLSP_SECRET_1>'");
    expect(redact('conf = {"secret": "s3cr3t-value", "user": "bob"}')).toBe(
      'conf = {"secret": "<SECLSP_SECRET_1>", "user": "bob"}',
    );
    expect(redact('connect(host="db", password="p@ssw0rd", api_key=\'abcd1234\')')).toBe(
      'connect(host="db", password="<SECLSP_SECRET_1>", api_key=\'<SECLSP_SECRET_2>\')',
    );
    expect(redact('if token == "abc123xyz":')).toBe('if token == "<SECLSP_SECRET_1>":');
    expect(redact('PRIVATE_KEY = r"raw-key-value"')).toBe('PRIVATE_KEY = r"<SECLSP_SECRET_1>"');
    expect(redact("app.config['SECRET_KEY'] = 'dev-only-value'")).toBe(
      "app.config['SECRET_KEY'] = '<SECLSP_SECRET_1>'",
    );
    expect(redact('os.environ["API_KEY"] = "abc123xyz"')).toBe('os.environ["API_KEY"] = "<SECLSP_SECRET_1>"');
  });

  it("leaves ordinary code, empty values, format strings and prose alone", () => {
    const code = [
      'password = ""',
      'password = request.form["password"]',
      'token_prompt = "Please enter your token here"',
      'template = "{password}"',
      'user = "alice"',
      'path = "/usr/local/lib/python3.12/site-packages"',
      'name = "a_very_long_identifier_like_string_value"',
      "h = hashlib.sha256(data).hexdigest()",
      'url = "https://example.com:8080/@user"',
      'u = "http://user@host/"',
      'key = os.environ["API_KEY"]',
    ].join("\n");
    expect(redact(code)).toBe(code);
  });

  it("replaces high-entropy literals and leaves low-entropy ones", () => {
    expect(redact('x = "Zx9qL2mP8vR4tY7wK1nB5cD3"')).toBe('x = "<SECLSP_SECRET_1>"');
    expect(redact('digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"')).toBe(
      'digest = "<SECLSP_SECRET_1>"',
    );
    expect(isHighEntropyToken("aaaaaaaaaaaaaaaaaaaaaaaa1")).toBe(false);
    expect(isHighEntropyToken("version_2_release_candidate")).toBe(false);
  });

  it("replaces a private key block keeping its line count", () => {
    const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1\nabcdef\n-----END RSA PRIVATE KEY-----";
    const code = `KEY = """${key}"""\nprint(1)\n`;
    const redacted = redact(code);
    expect(redacted).toBe('KEY = """<SECLSP_SECRET_1>\n\n\n"""\nprint(1)\n');
    expect(redacted.split("\n")).toHaveLength(code.split("\n").length);
  });

  it("gives the same value the same placeholder across messages", async () => {
    const { messages, redactor } = await redactMessages([
      { role: "user", content: 'token = "tok-value-1"\npassword = "other-pass"' },
      { role: "assistant", content: 'token = "tok-value-1"' },
    ]);
    expect(messages.map((m) => m.content)).toEqual([
      'token = "<SECLSP_SECRET_1>"\npassword = "<SECLSP_SECRET_2>"',
      'token = "<SECLSP_SECRET_1>"',
    ]);
    expect(redactor.stats.secrets).toBe(2);
  });
});

describe("SecretRedactor.restore", () => {
  it("puts originals back in lines the request had; new lines and unknown placeholders keep theirs", () => {
    const r = new SecretRedactor();
    // Numbered in order of appearance: the password is secret 1, the key secret 2.
    r.redact('password = "hunter2!"\nk = "sk-abcdefghijklmnopqrstuvwx"');
    const reply =
      'password = os.environ.get("PW", "<SECLSP_SECRET_1>")\nk = "<SECLSP_SECRET_2>"\nz = "<SECLSP_SECRET_9>"';
    // Intentional change (issue 12 item 6): the first line is one the model wrote, so the
    // password is not put into it.
    expect(r.restore(reply)).toBe(
      'password = os.environ.get("PW", "<SECLSP_SECRET_1>")\nk = "sk-abcdefghijklmnopqrstuvwx"\nz = "<SECLSP_SECRET_9>"',
    );
    expect(r.stats.unrestored).toBe(1);
  });

  it("round-trips a multi-line key whether or not the model kept the padding lines", () => {
    const r = new SecretRedactor();
    const key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
    const sent = r.redact(`K = """${key}"""`);
    expect(r.restore(sent)).toBe(`K = """${key}"""`);
    expect(r.restore('K = """<SECLSP_SECRET_1>"""')).toBe(`K = """${key}"""`);
  });
});

describe("redaction round trip (property)", () => {
  it("restore(redact(text)) gives back the text, and no known secret survives redact", () => {
    const secrets = [
      "sk-proj-abcdefghijklmnopqrstuvwx01",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "AKIAIOSFODNN7EXAMPLE",
      "-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----",
    ];
    const fragment = fc.oneof(
      // Tokens are recognised at a word start (so "task-…" is never taken for "sk-…").
      fc.constantFrom(...secrets.map((secret) => ` ${secret}`)),
      fc.constantFrom('password = "', 'token: "', '"', "'", " = ", "\n", "\r\n", "{", "}", "é😀", "x"),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        fc.pre(!text.includes("<SECLSP_SECRET_"));
        const redactor = new SecretRedactor();
        const sent = redactor.redact(text);
        expect(redactor.restore(sent)).toBe(text);
        for (const secret of secrets) expect(sent.includes(secret)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
