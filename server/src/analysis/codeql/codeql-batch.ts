import pLimit from "p-limit";
import type { Finding } from "../finding.js";

export interface BatchOptions {
  /** Snippets per database. Default: seclsp.codeql.batchSize. */
  chunkSize?: number;
  /** Chunks analyzed at the same time (each is one create + one analyze). Default 1. */
  parallelChunks?: number;
  signal?: AbortSignal;
  /** Progress: called after each chunk, successful or not. */
  onChunkDone?: (done: number, total: number) => void;
}

export interface BatchChunkError {
  /** Snippet ids of the failed chunk; they are absent from the result map. */
  ids: string[];
  error: Error;
}

/**
 * Findings per snippet id. Every snippet of a successful chunk has an entry (empty when clean);
 * snippets of failed chunks have none, and the failure is listed in `errors` — so a caller
 * can tell "clean" from "not analyzed".
 */
export type BatchResult = Map<string, Finding[]> & { errors: BatchChunkError[] };

type Snippet = { id: string; code: string };

export async function analyzeInChunks(
  snippets: Snippet[],
  options: BatchOptions & { chunkSize: number },
  runChunk: (chunk: Snippet[], signal: AbortSignal) => Promise<Finding[]>,
): Promise<BatchResult> {
  const signal = options.signal ?? new AbortController().signal;
  const size = Math.max(1, options.chunkSize);
  const chunks: Snippet[][] = [];
  for (let i = 0; i < snippets.length; i += size) chunks.push(snippets.slice(i, i + size));
  const result: BatchResult = Object.assign(new Map<string, Finding[]>(), {
    errors: [] as BatchChunkError[],
  });
  const limit = pLimit(Math.max(1, options.parallelChunks ?? 1));
  let done = 0;
  await Promise.all(
    chunks.map((chunk) =>
      limit(async () => {
        const ids = chunk.map((snippet) => snippet.id);
        try {
          signal.throwIfAborted();
          const findings = await runChunk(chunk, signal);
          for (const id of ids) result.set(id, []);
          for (const finding of findings) result.get(finding.file)?.push(finding);
        } catch (error) {
          result.errors.push({ ids, error: error instanceof Error ? error : new Error(String(error)) });
        } finally {
          options.onChunkDone?.(++done, chunks.length);
        }
      }),
    ),
  );
  // Cancellation is not a per-chunk failure: the whole batch was cancelled.
  signal.throwIfAborted();
  return result;
}
