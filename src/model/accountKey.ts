/**
 * Whether a key change means a new account. Every secret change fires (a key stored for another
 * host, or the same key stored again, in this window or another): only a different key, or a
 * different source, for the host in use rebuilds the account, so loaded rows and the poller's
 * backoff stay otherwise.
 */
export interface KeyInUse {
  readonly host: string;
  readonly key: string;
  readonly source: string;
}

/** @param inUse the key the account uses now (undefined: none); @param now the key resolved for the current host now */
export function keyChanged(inUse: KeyInUse | undefined, now: KeyInUse | undefined): boolean {
  if (inUse === undefined || now === undefined) { return inUse !== now; }
  return inUse.host !== now.host || inUse.key !== now.key || inUse.source !== now.source;
}
