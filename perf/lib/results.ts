import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

/** perf/<path> as an absolute path. */
export const benchPath = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** What the figures depend on; printed under every table and stored with the results. */
export function machine(): { node: string; platform: string; cpus: number; loadAverage: number[] } {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  };
}

export function machineLine(): string {
  const m = machine();
  return `node ${m.node} on ${m.platform}, ${m.cpus} CPUs, load average ${m.loadAverage.join(" ")} (figures scale with load)`;
}

/** Write perf/results/<name>.json (not committed) and say where. */
export function writeResult(name: string, data: object): void {
  mkdirSync(benchPath("results"), { recursive: true });
  const file = benchPath(`results/${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), ...machine(), ...data }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
}
