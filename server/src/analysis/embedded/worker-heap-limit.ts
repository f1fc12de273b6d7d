/**
 * Old-generation limit (MiB) of every analysis worker's JS heap: the server's taint worker and
 * the pool workers of `seclsp check --jobs N`. A file that drives a worker past it kills that
 * worker only (its job is retried once on a fresh worker, then reported as not analyzed) — never
 * the process, whose own limit is what a worker without one would share.
 *
 * Also what keeps a worker's heap small: without a limit a fresh V8 heap may fill 512 MiB before
 * its first full collection, and later grows to 4× its live size (measured: a recycled taint
 * worker reached 560 MiB of heap, 35 MiB live, while 200 files were opened). Under a 1 GiB limit
 * V8 collects early and grows by ≤ 1.6×. A 2 MB file (the default `maxFileBytes`) needs ~280 MiB.
 */
export const DEFAULT_WORKER_HEAP_MB = 1024;
