import { describe, expect, it } from "vitest";
import { extractCode, NoCodeError } from "../../server/src/llm/extract-code.js";
import { redactMessages, SecretRedactor } from "../../server/src/llm/redaction.js";

/**
 * Issue 12 item 6: every family of secret in source is redacted before a model sees it, and
 * look-alikes are not. Values are generated per run from a seeded generator (no real keys in the
 * repository); each family is checked with several values and in several shapes.
 */

/** mulberry32: small, seeded, deterministic. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const from = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const B64 = `${ALNUM}+/`;
  return {
    alnum: (n: number) => from(ALNUM, n),
    upper: (n: number) => from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n),
    hex: (n: number) => from("0123456789abcdef", n),
    b64: (n: number) => from(B64, n),
    urlsafe: (n: number) => from(`${ALNUM}_-`, n),
    /** A human password: letters, digits and punctuation (incl. @ / ! #), never whitespace or quotes. */
    password: () =>
      `${from(ALNUM, 6)}${from("@/!#%&*", 1)}${from(ALNUM, 3)}${from("@/", 1)}${from(ALNUM, 2)}`,
  };
}
type Gen = ReturnType<typeof generator>;

/** A private key body: `lines` lines of 64 base64 characters and a short last line. */
function keyBody(g: Gen, lines = 6): string[] {
  return [...Array.from({ length: lines }, () => g.b64(64)), `${g.b64(10)}==`];
}

interface Family {
  name: string;
  /** Build one example: the source text and the secret values that must not survive. */
  make: (g: Gen) => { text: string; secrets: string[] };
}

const FAMILIES: Family[] = [
  {
    name: "triple-quoted password",
    make: (g) => {
      const pw = g.password();
      return { text: `DB_PASSWORD = """${pw}"""\nOTHER_PASS = '''${pw}x'''\n`, secrets: [pw] };
    },
  },
  {
    name: "f-string password",
    make: (g) => {
      const pw = g.password();
      return { text: `password = f"${pw}"\ntoken = f"{prefix}-${pw}"\n`, secrets: [pw] };
    },
  },
  {
    name: "pw= / passwd= / secret= keyword arguments and assignments",
    make: (g) => {
      const [a, b, c, d] = [g.password(), g.password(), g.password(), g.password()];
      return {
        text: `db = connect(host="db", pw="${a}")\nlogin(user, passwd='${b}')\nsecret = "${c}"\napp = App(client_secret="${d}")\n`,
        secrets: [a, b, c, d],
      };
    },
  },
  {
    name: "getenv / environ.get defaults",
    make: (g) => {
      const [a, b, c] = [g.password(), g.password(), g.alnum(18)];
      return {
        text: `pw = os.getenv("DB_PASSWORD", "${a}")\ntok = os.environ.get('API_TOKEN', default="${b}")\nkey = config.get("secret_key", "${c}")\n`,
        secrets: [a, b, c],
      };
    },
  },
  {
    name: "libpq, ODBC and JDBC connection strings",
    make: (g) => {
      const [a, b, c, d] = [g.password(), g.password(), g.password(), g.alnum(12)];
      return {
        text: [
          `conn = psycopg2.connect("host=db user=app password=${a} dbname=prod")`,
          `odbc = "DRIVER={ODBC Driver 18};SERVER=db;UID=sa;PWD=${b};"`,
          `odbc2 = "Driver={SQL Server};Server=db;Uid=sa;Pwd={${c}};"`,
          `jdbc = "jdbc:postgresql://db:5432/prod?user=app&password=${d}&ssl=true"`,
          `dsn = "host=db password='${d}x' port=5432"`,
        ].join("\n"),
        secrets: [a, b, c, d],
      };
    },
  },
  {
    name: "URL userinfo (redis without user, passwords with @ and /)",
    make: (g) => {
      const [a, b] = [g.password(), g.password()];
      return {
        text: `r = redis.from_url("redis://:${a}@cache:6379/0")\nDB = "postgresql://app:${b}@db.internal:5432/prod"\namqp = 'amqp://guest:${a}@mq/'\n`,
        secrets: [a, b],
      };
    },
  },
  {
    name: "Azure storage AccountKey and Service Bus SharedAccessKey",
    make: (g) => {
      const [a, b] = [`${g.b64(86)}==`, `${g.b64(43)}=`];
      return {
        text: `conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${a};EndpointSuffix=core.windows.net"\nsb = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${b}"\n`,
        secrets: [a, b],
      };
    },
  },
  {
    name: "SendGrid API key",
    make: (g) => {
      const key = `SG.${g.urlsafe(22)}.${g.urlsafe(43)}`;
      return { text: `sg = sendgrid.SendGridAPIClient("${key}")\n`, secrets: [key] };
    },
  },
  {
    name: "Slack webhooks and tokens",
    make: (g) => {
      const path = `T${g.upper(8)}/B${g.upper(8)}/${g.alnum(24)}`;
      const token = `xoxb-${g.hex(12)}-${g.hex(13)}-${g.alnum(24)}`;
      return {
        text: `requests.post("https://hooks.slack.com/services/${path}", json=msg)\nclient = WebClient(token="${token}")\nbot(${JSON.stringify(`xapp-1-${g.alnum(30)}`)})\n`,
        secrets: [path, token],
      };
    },
  },
  {
    name: "PEM keys: with END, without END, split header, one literal per line, escaped",
    make: (g) => {
      const [b1, b2, b3, b4, b5] = [keyBody(g), keyBody(g), keyBody(g), keyBody(g), keyBody(g)];
      return {
        text: [
          `KEY = """-----BEGIN RSA PRIVATE KEY-----\n${b1.join("\n")}\n-----END RSA PRIVATE KEY-----\n"""`,
          `CUT = """-----BEGIN EC PRIVATE KEY-----\n${b2.join("\n")}\n"""`,
          `SPLIT = ("-----BEGIN OPENSSH " "PRIVATE KEY-----\\n"\n${b3.map((l) => `    "${l}\\n"`).join("\n")}\n    "-----END OPENSSH PRIVATE KEY-----\\n")`,
          `ONE = "-----BEGIN PRIVATE KEY-----\\n${b4.join("\\n")}\\n-----END PRIVATE KEY-----"`,
          `ENC = """-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${g.hex(32).toUpperCase()}\n\n${b5.join("\n")}\n-----END RSA PRIVATE KEY-----"""`,
          "print('done')",
        ].join("\n"),
        secrets: [b1, b2, b3, b4, b5].flat(),
      };
    },
  },
  {
    name: "PuTTY private key",
    make: (g) => {
      const priv = keyBody(g, 14);
      const mac = g.hex(64);
      return {
        text: `PPK = """PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${g.b64(64)}\n${g.b64(20)}\nPrivate-Lines: 15\n${priv.join("\n")}\nPrivate-MAC: ${mac}\n"""\n`,
        secrets: [...priv, mac],
      };
    },
  },
  {
    name: ".env lines in docstrings and comments",
    make: (g) => {
      const [a, b, c] = [g.password(), g.alnum(20), g.password()];
      return {
        text: `"""Settings.\n\nPut this in .env:\n    DB_PASSWORD=${a}\n    export API_TOKEN="${b}"\n"""\n# STRIPE_SECRET=${c}\nDEBUG = True\n`,
        secrets: [a, b, c],
      };
    },
  },
  {
    name: "cloud and service tokens by prefix",
    make: (g) => {
      const tokens = [
        `AKIA${g.upper(16)}`,
        `ghp_${g.alnum(36)}`,
        `github_pat_${g.alnum(22)}_${g.alnum(59)}`,
        `sk-proj-${g.urlsafe(48)}`,
        `sk-ant-api03-${g.urlsafe(60)}`,
        `AIza${g.urlsafe(35)}`,
        `glpat-${g.urlsafe(20)}`,
        `sk_live_${g.alnum(24)}`,
        `hf_${g.alnum(34)}`,
        `npm_${g.alnum(36)}`,
        `eyJ${g.urlsafe(20)}.eyJ${g.urlsafe(30)}.${g.urlsafe(43)}`,
      ];
      return { text: tokens.map((t, i) => `T${i} = "${t}"`).join("\n"), secrets: tokens };
    },
  },
  {
    name: "AWS secret access key, bearer headers, random keys by entropy",
    make: (g) => {
      const [aws, bearer, random] = [g.b64(40), g.urlsafe(32), g.alnum(32)];
      return {
        text: `aws_secret_access_key = "${aws}"\nheaders = {"Authorization": f"Bearer ${bearer}"}\nsigning = "${random}"\n`,
        secrets: [aws, bearer, random],
      };
    },
  },
];

const NEGATIVES: string[] = [
  'password = input("Password: ")',
  'token_type = "bearer"',
  'password = request.form["password"]',
  'password = os.getenv("DB_PASSWORD")',
  'api_key = os.environ.get("API_KEY", "")',
  "db = connect(password=password)",
  "db = connect(\n    host=host,\n    password=pw,\n    user=user\n)\npw = read_pw()",
  'if "-----BEGIN PRIVATE KEY-----" in pem:\n    load(pem)',
  'compass = "north-east"\nupward = "sky-high"\nbypass_cache = "always"',
  'url = "https://example.com:8080/@user"',
  'PASSWORD_FIELD = "password"\npasswordField = "pw_input"',
  'token_url = "https://oauth2.googleapis.com/token"',
  'secret_env = "APP_SECRET"\npassword = "{password}"\nmsg = "%s"',
  'sql = "host=db user=app password=%s" % pw',
  'dsn = f"host={host} password={db_pass}"\ndb_pass = load()',
  'auth = "Bearer authentication is required"',
  "password_hash = generate_password_hash(password)",
  'name = "a_very_long_identifier_like_string_value"\npath = "/usr/local/lib/python3.12/site-packages"',
  'grant_type = "client_credentials"\nresponse_type = "token"',
  'placeholder = "<your-api-key>"\nmasked = "********"\ntemplate = "$' + '{API_TOKEN}"',
  "class Pass:\n    pass\n",
  'prompt = "Enter your secret token here"',
];

describe("secret families: redacted before a model sees them", () => {
  for (const family of FAMILIES) {
    it(family.name, async () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { text, secrets } = family.make(generator(seed * 7919 + family.name.length));
        const redactor = new SecretRedactor();
        const sent = await redactor.redactAsync(text);
        for (const secret of secrets)
          expect(sent, `${family.name}: ${secret}\n${sent}`).not.toContain(secret);
        expect(sent).toMatch(/<SECLSP_SECRET_\d+>/);
        // Line count is kept (feedback line numbers stay right) and the sent text restores whole.
        expect(sent.split("\n")).toHaveLength(text.split("\n").length);
        expect(redactor.restore(sent)).toBe(text);
      }
    });
  }

  it("the synchronous rules alone (no secretlint) catch every family too", () => {
    for (const family of FAMILIES) {
      const { text, secrets } = family.make(generator(42));
      const sent = new SecretRedactor().redact(text);
      for (const secret of secrets) expect(sent, `${family.name}: ${secret}`).not.toContain(secret);
    }
  });
});

describe("look-alikes are not secrets", () => {
  for (const text of NEGATIVES) {
    it(JSON.stringify(text.slice(0, 60)), async () => {
      expect(await new SecretRedactor().redactAsync(text)).toBe(text);
    });
  }
});

describe("restore only into lines the request had", () => {
  const code =
    'DB_PASSWORD = "Tr0ub4dor&3x"\n\ndef connect():\n    return db.connect(password=DB_PASSWORD)\n';

  it("an unchanged line gets the value back; a line the model wrote keeps the placeholder", async () => {
    const { messages, redactor } = await redactMessages([{ role: "user", content: code }]);
    const sent = messages[0]?.content ?? "";
    expect(sent).toContain('DB_PASSWORD = "<SECLSP_SECRET_1>"');
    const reply = [
      'DB_PASSWORD = "<SECLSP_SECRET_1>"',
      'URL = f"https://evil.example/?p=<SECLSP_SECRET_1>"',
      'requests.get("https://x", auth=("u", "<SECLSP_SECRET_1>"))',
      '    DB_PASSWORD  =  "<SECLSP_SECRET_1>"   ',
    ].join("\n");
    const restored = redactor.restore(reply);
    expect(restored.split("\n")).toEqual([
      'DB_PASSWORD = "Tr0ub4dor&3x"',
      'URL = f"https://evil.example/?p=<SECLSP_SECRET_1>"',
      'requests.get("https://x", auth=("u", "<SECLSP_SECRET_1>"))',
      // Same line re-indented / re-spaced: still the user's line.
      '    DB_PASSWORD  =  "Tr0ub4dor&3x"   ',
    ]);
    expect(redactor.stats.unrestored).toBe(2);
  });

  it("code with a placeholder left in a new line is refused with a clear message, nothing applied", async () => {
    const { redactor } = await redactMessages([{ role: "user", content: code }]);
    const reply = redactor.restore(
      '```python\nimport os\nDB_PASSWORD = os.environ.get("DB_PASSWORD", "<SECLSP_SECRET_1>")\n```',
    );
    const error = await extractCode(reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCodeError);
    expect((error as Error).message).toMatch(/<SECLSP_SECRET_1>.*never copies secrets into new code/);
    expect((error as Error).message).not.toContain("Tr0ub4dor");
  });

  it("multi-line keys come back whether or not the model kept the padding lines", async () => {
    const g = generator(9);
    const key = `-----BEGIN PRIVATE KEY-----\n${keyBody(g).join("\n")}\n-----END PRIVATE KEY-----`;
    const text = `K = """${key}"""\nx = 1\n`;
    const redactor = new SecretRedactor();
    const sent = await redactor.redactAsync(text);
    expect(redactor.restore(sent)).toBe(text);
    expect(redactor.restore('K = """<SECLSP_SECRET_1>"""\nx = 1\n')).toBe(text);
  });
});

describe("redaction stays bounded on big inputs", () => {
  it("2 MB of code with secrets sprinkled in: every secret redacted (time is reported by the perf script)", async () => {
    const g = generator(2024);
    const unit =
      'def handler(request, user_id):\n    value = request.args.get("q", "default")\n    rows = db.execute("SELECT * FROM t WHERE id = ?", (user_id,))\n    return render(rows)\n\n';
    const parts: string[] = [];
    const secrets: string[] = [];
    let size = 0;
    while (size < 2 * 1024 * 1024) {
      parts.push(unit);
      size += unit.length;
      if (parts.length % 500 === 0) {
        const pw = g.password();
        secrets.push(pw);
        parts.push(`DB_PASSWORD = "${pw}"\n`);
      }
    }
    const text = parts.join("");
    const sent = await new SecretRedactor().redactAsync(text);
    for (const secret of secrets) expect(sent.includes(secret)).toBe(false);
    expect(sent.length).toBeLessThan(text.length + secrets.length * 20);
  }, 120_000);

  it("a 1 MB single line of hostile near-matches finishes (bounded quantifiers)", async () => {
    const hostile = `${"password=".repeat(20_000)}${"a://b:c@".repeat(20_000)}${"-----BEGIN PRIVATE KEY-----".repeat(10_000)}`;
    const sent = await new SecretRedactor().redactAsync(hostile);
    expect(typeof sent).toBe("string");
  }, 120_000);
});
