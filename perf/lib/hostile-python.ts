/**
 * Generated hostile Python for the taint engine and ruff (issue 12): summary blow-up through
 * chained helpers and recursion cycles, and expressions deep enough to overflow a parser.
 * Generated, never committed as files.
 */

/** One helper per step: each runs a sink on its parameter and passes it on to the next one. */
export function chainedFunctions(targetBytes: number, options: { cycle?: boolean } = {}): string {
  const header = "import os\nimport subprocess\n\n";
  const bodies: string[] = [];
  let size = header.length;
  for (let i = 0; size < targetBytes; i++) {
    const body =
      `def step_${i}(value, extra):\n` +
      `    os.system("echo " + value)\n` +
      `    subprocess.call(extra, shell=True)\n` +
      `    return step_${i + 1}(value, extra)\n\n`;
    bodies.push(body);
    size += body.length;
  }
  const last = bodies.length - 1;
  // The last helper either closes a cycle back to the first or ends the chain.
  const end = options.cycle ? "step_0(value, extra)" : "value";
  bodies[last] = bodies[last]!.replace(`step_${last + 1}(value, extra)`, end);
  return `${header}${bodies.join("")}`;
}

/** `x = 1 + 1 + … + 1` with `terms` terms: a left-deep tree `terms - 1` levels deep. */
export function longSum(terms: number, term = "1"): string {
  return `x = ${Array(terms).fill(term).join(" + ")}\n`;
}

/** `x = f(f(f(…1…)))`, `depth` calls deep. */
export function nestedCalls(depth: number): string {
  return `x = ${"f(".repeat(depth)}1${")".repeat(depth)}\n`;
}

/** A small file with a real finding for ruff (S301) and the taint engine (code injection). */
export const VULNERABLE =
  "import pickle\nimport sys\n\n\ndef run(data):\n    return pickle.loads(data)\n\n\neval(sys.argv[1])\n";
