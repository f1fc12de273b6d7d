import cliProgress from "cli-progress";
import type { CallStats } from "./bench-models.js";

/** What the runner reports; the CLI shows a bar, tests and non-TTY runs use the quiet one. */
export interface ProgressSink {
  start(total: number, done: number): void;
  increment(stats: CallStats): void;
  stop(): void;
}

export const quietProgress: ProgressSink = {
  start() {},
  increment() {},
  stop() {},
};

/** cli-progress bar on stderr: done/total, ETA, tokens so far, cache hits. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "bench [{bar}] {value}/{total} units | ETA {eta_formatted} | {tokens} tokens | {hits}/{calls} cached",
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = (s?: CallStats) => ({
    tokens: s ? (s.promptTokens + s.completionTokens).toLocaleString("en-US") : "0",
    hits: s?.cacheHits ?? 0,
    calls: s?.calls ?? 0,
  });
  return {
    start(total, done) {
      bar.start(total, done, payload());
    },
    increment(stats) {
      bar.increment(1, payload(stats));
    },
    stop() {
      bar.stop();
    },
  };
}

/** The bar only on a terminal and unless --no-progress. */
export function chooseProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return enabled && stream.isTTY ? progressBar(stream) : quietProgress;
}
