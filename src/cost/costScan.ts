/**
 * One pass over a batch file's parsed lines, gathering what the estimate needs: how many requests,
 * the model, the output ceiling (`max_tokens` of every line, when every line sets one) and the size
 * of every request's messages (the rough estimate's basis). Streamed: it holds counts, never lines.
 */
import { isObject } from '../shared/json';

export interface CostScanResult {
  readonly requests: number;
  /** The first model named (Kimi allows one model per file: the validator flags the others). */
  readonly model: string | undefined;
  /** The sum of every request's `max_tokens`; undefined when some request does not set one. */
  readonly maxOutputTokens: number | undefined;
  /** Requests without a usable `max_tokens` (a positive integer). */
  readonly withoutMaxTokens: number;
  /** UTF-8 bytes of every request's `messages` as JSON. */
  readonly messageBytes: number;
}

/** A parsed line that is a request (it has a `body` object): the lines the scan and the sample count. */
export function isRequest(line: unknown): boolean {
  return isObject(line) && isObject(line.body);
}

/** A chat request's messages as sent to the estimate, or undefined when the line has none. */
export function messagesOf(line: unknown): readonly unknown[] | undefined {
  const body = isObject(line) ? line.body : undefined;
  const messages = isObject(body) ? body.messages : undefined;
  return Array.isArray(messages) ? messages : undefined;
}

/** UTF-8 size of the messages as JSON, the unit of the packing and of the rough estimate. */
export function messageBytesOf(messages: readonly unknown[]): number {
  return Buffer.byteLength(JSON.stringify(messages), 'utf8');
}

/** `max_tokens` (or the newer `max_completion_tokens`) when it is a positive integer. */
function maxTokensOf(body: Readonly<Record<string, unknown>>): number | undefined {
  for (const key of ['max_tokens', 'max_completion_tokens']) {
    const v = body[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) { return v; }
  }
  return undefined;
}

export class CostScan {
  private requests = 0;
  private model: string | undefined;
  private maxOutput = 0;
  private withoutMax = 0;
  private bytes = 0;

  /** One parsed line (blank and unparsable lines are not requests: pass only parsed JSON). */
  add(line: unknown): void {
    const body = isObject(line) ? line.body : undefined;
    if (!isObject(body)) { return; }
    this.requests++;
    if (this.model === undefined && typeof body.model === 'string' && body.model !== '') { this.model = body.model; }
    const max = maxTokensOf(body);
    if (max === undefined) { this.withoutMax++; } else { this.maxOutput += max; }
    const messages = messagesOf(line);
    if (messages !== undefined) { this.bytes += messageBytesOf(messages); }
  }

  result(): CostScanResult {
    return {
      requests: this.requests,
      model: this.model,
      maxOutputTokens: this.withoutMax === 0 && this.requests > 0 ? this.maxOutput : undefined,
      withoutMaxTokens: this.withoutMax,
      messageBytes: this.bytes,
    };
  }
}

/** The rough estimate without the service: one token per 4 bytes of messages JSON. */
export function roughInputTokens(scan: CostScanResult): number {
  return Math.ceil(scan.messageBytes / 4);
}
