/** `env[name]` when it is a whole number ≥ 0 (the V8 tuning knobs), else `fallback`. */
export function envWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const configured = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  return Number.isInteger(configured) && configured >= 0 ? configured : fallback;
}
