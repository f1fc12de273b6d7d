import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import type { Logger } from "./logger.js";

/**
 * Wrap a request handler: any internal error becomes a ResponseError (and a log line) instead of
 * an unhandled rejection, so one failing request never takes the server down.
 */
export function guardRequest<P extends unknown[], R>(
  method: string,
  logger: Logger,
  handler: (...params: P) => R | Promise<R>,
): (...params: P) => Promise<R> {
  return async (...params: P) => {
    try {
      return await handler(...params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logger.error(`seclsp: ${method} failed: ${describe(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `seclsp: ${method} failed: ${message(error)}`);
    }
  };
}

/** Wrap a notification handler: errors are logged, never thrown (notifications have no reply). */
export function guardNotification<P extends unknown[]>(
  method: string,
  logger: Logger,
  handler: (...params: P) => void | Promise<void>,
): (...params: P) => void {
  return (...params: P) => {
    try {
      const result = handler(...params);
      if (result instanceof Promise) {
        result.catch((error: unknown) => logger.error(`seclsp: ${method} failed: ${describe(error)}`));
      }
    } catch (error) {
      logger.error(`seclsp: ${method} failed: ${describe(error)}`);
    }
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
