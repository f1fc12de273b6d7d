/**
 * A Flask app with `count` handlers, each a command-injection flow (5 lines per handler, the sink
 * on its 4th), after a `prefix` line when one is given. Big files for tests of heap limits, worker
 * restarts and two-phase publication are generated here, never committed.
 */
export function flaskApp(count: number, prefix?: string): string {
  const lines = [...(prefix === undefined ? [] : [prefix])];
  lines.push("import os", "from flask import Flask, request", "app = Flask(__name__)", "");
  for (let i = 0; i < count; i++) {
    lines.push(
      `@app.route('/run${i}')`,
      `def run${i}():`,
      "    cmd = request.args.get('cmd')",
      "    os.system(cmd)",
      "",
    );
  }
  return lines.join("\n");
}
