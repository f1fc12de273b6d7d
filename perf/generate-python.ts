/**
 * Deterministic, realistic-looking Python modules for performance benchmarks: imports, helper
 * functions, classes, Flask routes, and roughly one vulnerable call per 40 lines.
 */

const IMPORTS = [
  "import hashlib",
  "import json",
  "import logging",
  "import os",
  "import pickle",
  "import sqlite3",
  "import subprocess",
  "import yaml",
  "from flask import Flask, request, redirect, render_template_string",
  "import requests",
  "",
  "app = Flask(__name__)",
  "log = logging.getLogger(__name__)",
  "",
];

type Block = (n: number) => string[];

const SAFE_BLOCKS: Block[] = [
  (n) => [
    `def normalize_${n}(values, scale=${(n % 7) + 1}):`,
    `    """Scale and clip a list of numbers (block ${n})."""`,
    "    result = []",
    "    for value in values:",
    "        scaled = value * scale",
    "        if scaled > 100:",
    "            scaled = 100",
    "        result.append(scaled)",
    "    return result",
    "",
    "",
  ],
  (n) => [
    `class Repository${n}:`,
    "    def __init__(self, path):",
    "        self.path = path",
    "        self.items = {}",
    "",
    "    def add(self, key, value):",
    "        self.items[key] = value",
    "        return len(self.items)",
    "",
    "    def to_json(self):",
    "        return json.dumps(self.items, sort_keys=True)",
    "",
    "",
  ],
  (n) => [
    `@app.route("/items/${n}")`,
    `def list_items_${n}():`,
    "    page = int(request.args.get('page', 1))",
    "    rows = [{'id': i, 'name': f'item {i}'} for i in range(page * 10)]",
    "    log.info('listing %d rows', len(rows))",
    "    return json.dumps(rows)",
    "",
    "",
  ],
];

const VULNERABLE_BLOCKS: Block[] = [
  (n) => [
    `@app.route("/user/${n}")`,
    `def user_${n}():`,
    "    name = request.args.get('name')",
    "    conn = sqlite3.connect('app.db')",
    `    rows = conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall()`,
    "    return json.dumps(rows)",
    "",
    "",
  ],
  (n) => [`def load_state_${n}(blob):`, "    return pickle.loads(blob)", "", ""],
  (n) => [
    `@app.route("/ping/${n}")`,
    `def ping_${n}():`,
    "    host = request.args.get('host')",
    "    return subprocess.check_output('ping -c 1 ' + host, shell=True)",
    "",
    "",
  ],
  (n) => [`def digest_${n}(data):`, "    return hashlib.md5(data).hexdigest()", "", ""],
  (n) => [`def fetch_${n}(url):`, "    return requests.get(url, verify=False, timeout=5).text", "", ""],
  (n) => [`def config_${n}(text):`, "    return yaml.load(text)", "", ""],
];

/** A syntactically valid module of exactly `lines` lines (whole blocks, then comment padding). */
export function generatePython(lines: number): string {
  const out = [...IMPORTS];
  for (let n = 0; ; n++) {
    const vulnerable = n % 5 === 4;
    const pool = vulnerable ? VULNERABLE_BLOCKS : SAFE_BLOCKS;
    const block = pool[Math.floor(n / (vulnerable ? 5 : 1)) % pool.length];
    if (!block) throw new Error("empty block pool");
    const next = block(n);
    if (out.length + next.length > lines) break;
    out.push(...next);
  }
  while (out.length < lines) out.push(`# padding line ${out.length + 1}`);
  return `${out.join("\n")}\n`;
}
