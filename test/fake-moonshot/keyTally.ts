/** Which keys reached a fake (platformPair.ts: which key reached which host). */

/** Requests per key received; kept in memory only (never in the request log, never printed). */
export class KeyTally {
  private readonly counts = new Map<string, number>();
  add(authorization: string | undefined): void {
    if (!authorization?.startsWith('Bearer ')) { return; }
    const key = authorization.slice('Bearer '.length);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  /** Requests that carried `key`. */
  count(key: string): number { return this.counts.get(key) ?? 0; }
  /** Requests that carried any key. */
  get total(): number { let n = 0; for (const c of this.counts.values()) { n += c; } return n; }
}
