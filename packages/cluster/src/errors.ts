/** Errors of the cluster package; each carries a stable `code`. */

export const clusterErrorCodes = [
  /** Redis did not take an event, or did not answer at start (the sender should retry; nothing was stored). */
  'CQKIT_CLUSTER_UNAVAILABLE',
  /** The cluster options are wrong (bad Redis URL, prefix or times). */
  'CQKIT_CLUSTER_CONFIG',
  /** A stored outcome could not be read back (written by another version, or by hand). */
  'CQKIT_CLUSTER_BAD_ENTRY',
] as const;

export type ClusterErrorCode = (typeof clusterErrorCodes)[number];

export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  /** HTTP status a receiver should answer when this error refuses an event (503: the sender retries). */
  readonly status: number | undefined;

  constructor(
    readonly code: ClusterErrorCode,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
