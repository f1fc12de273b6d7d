import type { Writable } from "node:stream";
import cliProgress from "cli-progress";

/** Progress of check's CLI backends on stderr: a live line on a terminal, plain lines otherwise. */
export interface BackendProgress {
  /** A step that may take minutes ("CodeQL: analyzing ."): replaces the previous live step. */
  step(text: string): void;
  /** A lasting line (a result, a failure); ends the live step first so lines never interleave. */
  line(text: string): void;
  /** End the live step (clears it from the terminal). */
  stop(): void;
}

/**
 * On a terminal each step is one cli-progress line with its elapsed time (CodeQL's phases take
 * minutes and report no percentage, so there is no bar), cleared when the step ends. Elsewhere
 * (CI logs, pipes) every step is a plain `seclsp: ...` line through `say`.
 */
export function backendProgress(stderr: Writable, say: (line: string) => void): BackendProgress {
  if ((stderr as Partial<NodeJS.WriteStream>).isTTY !== true) {
    return { step: say, line: say, stop() {} };
  }
  let live: cliProgress.SingleBar | undefined;
  const stop = () => {
    live?.stop();
    live = undefined;
  };
  return {
    step(text) {
      stop();
      live = new cliProgress.SingleBar({
        stream: stderr as NodeJS.WriteStream,
        format: "seclsp: {step} {duration_formatted}",
        clearOnComplete: true,
        hideCursor: false,
        fps: 2,
      });
      live.start(1, 0, { step: text });
    },
    line(text) {
      stop();
      say(text);
    },
    stop,
  };
}
