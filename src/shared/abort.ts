/** Cancellation of the long file passes (join, search, export): one error shape the callers can recognise. */

/** An Error named 'AbortError', as the DOM and Node use for cancelled work. */
export function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) { throw abortError(); }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
