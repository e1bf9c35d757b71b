/**
 * JSON text the fake writes exactly as given: numbers no JavaScript number holds
 * (12345678901234567890, 1e400), which a client that parses and writes again would change.
 */
const MARK = '\u0000raw:';

export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): string { return `${MARK}${this.text}`; }
}

/** Numbers a parse would round (beyond 2^53) or turn into Infinity (beyond a double). */
export const HUGE_NUMBERS = { big: '12345678901234567890', huge: '1e400' } as const;

/** `JSON.stringify`, with each `RawJson` written as its text. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:([^"\\]*)"/g, '$1');
}
