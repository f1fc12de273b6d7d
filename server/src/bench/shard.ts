import { createHash } from "node:crypto";

export interface ShardSpec {
  /** 0-based index (like Kubernetes' JOB_COMPLETION_INDEX). */
  index: number;
  count: number;
}

/** "1/3" → {index: 1, count: 3}; the index is 0-based, so valid values are 0/3, 1/3, 2/3. */
export function parseShard(spec: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!match) throw new Error(`--shard must look like i/n (0-based index), got "${spec}"`);
  return checkShard(Number(match[1]), Number(match[2]));
}

/**
 * The shard from --shard, else from the environment of a Kubernetes Indexed Job
 * (JOB_COMPLETION_INDEX) with the total in SECLSP_SHARD_COUNT; undefined = not sharded.
 */
export function resolveShard(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ShardSpec | undefined {
  if (flag) return parseShard(flag);
  const index = env.JOB_COMPLETION_INDEX;
  const count = env.SECLSP_SHARD_COUNT;
  if (index === undefined && count === undefined) return undefined;
  if (index === undefined || count === undefined) {
    throw new Error("set both JOB_COMPLETION_INDEX and SECLSP_SHARD_COUNT (or use --shard i/n)");
  }
  if (!/^\d+$/.test(index) || !/^\d+$/.test(count)) {
    throw new Error(
      `JOB_COMPLETION_INDEX and SECLSP_SHARD_COUNT must be integers, got "${index}" and "${count}"`,
    );
  }
  return checkShard(Number(index), Number(count));
}

function checkShard(index: number, count: number): ShardSpec {
  if (count < 1) throw new Error("the shard count must be at least 1");
  if (index >= count) throw new Error(`shard index ${index} is out of range for ${count} shards (0-based)`);
  return { index, count };
}

/** Deterministic, machine-independent assignment of a task to a shard (sha256 of its key). */
export function shardOf(key: string, count: number): number {
  const digest = createHash("sha256").update(key).digest();
  return digest.readUInt32BE(0) % count;
}

export function inShard(key: string, shard: ShardSpec | undefined): boolean {
  return shard === undefined || shardOf(key, shard.count) === shard.index;
}
