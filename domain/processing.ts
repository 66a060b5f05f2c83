/**
 * Retries of a capture's processing when it fails for reasons other than the photo itself (a crashed
 * worker, storage or database down): `attempts` in all, the first retry after `firstRetrySeconds`, each
 * wait twice the last, at most a minute. After the last attempt the case fails with `processing_failed`.
 * The API sets them from its configuration in each case's workflow input.
 */
export interface ProcessingRetry {
  attempts: number;
  firstRetrySeconds: number;
}

/** The longest wait between two attempts. */
export const longestRetryWaitSeconds = 60;

/**
 * Ten attempts span about five minutes: enough to ride out a restart, not so many that a master which
 * breaks the pipeline keeps a worker busy for ever.
 */
export const defaultProcessingRetry: ProcessingRetry = { attempts: 10, firstRetrySeconds: 2 };
