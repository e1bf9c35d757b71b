/**
 * Which requests of a batch file the token estimate asks about, and how they are packed into calls.
 * The estimate endpoint counts against the account's rate limit (Tier0: 3 per minute), so the number
 * of calls is bounded whatever the file size: a uniform sample of the requests, their messages packed
 * into at most `maxCalls` calls of at most `maxCallBytes` each. The sample is taken in an order whose
 * every prefix is spread over the whole file, so when the calls are full the requests already packed
 * are still a uniform sample (never just the first lines).
 */

export interface EstimateLimits {
  /** Requests sampled at most (all of them in a smaller file). */
  readonly maxSample: number;
  /** Estimate calls at most. */
  readonly maxCalls: number;
  /** Bytes of messages per call at most. */
  readonly maxCallBytes: number;
}

export const DEFAULT_ESTIMATE_LIMITS: EstimateLimits = { maxSample: 200, maxCalls: 3, maxCallBytes: 256 * 1024 };

/**
 * `count` evenly spaced request positions out of `total` (the middle of each of `count` equal
 * stretches), in bit-reversed order: positions 0, ½, ¼, ¾, … of the file.
 */
export function sampleOrder(total: number, maxSample: number): number[] {
  const count = Math.max(0, Math.min(Math.floor(total), Math.floor(maxSample)));
  let bits = 0;
  while ((1 << bits) < count) { bits++; }
  const order: number[] = [];
  for (let i = 0; i < (1 << bits); i++) {
    let j = 0;
    for (let b = 0; b < bits; b++) { if (i & (1 << b)) { j |= 1 << (bits - 1 - b); } }
    if (j < count) { order.push(Math.floor(((j + 0.5) * total) / count)); }
  }
  return order;
}

/** A sampled request: its position in the file and the UTF-8 size of its messages as JSON. */
export interface SampledRequest {
  readonly index: number;
  readonly bytes: number;
}

export interface PackedCalls {
  /** Positions of the requests in each call, in file order. */
  readonly calls: readonly (readonly number[])[];
  /** Every packed position, in file order. */
  readonly packed: readonly number[];
  /** Sampled requests larger than one call on their own (counted with the rest by scaling). */
  readonly tooLarge: number;
}

/**
 * Packs the sampled requests, in sample order, first fit into at most `maxCalls` calls; stops at the
 * first request that fits in no call (the ones packed so far stay a uniform sample).
 */
export function packCalls(sample: readonly SampledRequest[], limits: EstimateLimits): PackedCalls {
  const calls: number[][] = [];
  const sizes: number[] = [];
  let tooLarge = 0;
  for (const request of sample) {
    if (request.bytes > limits.maxCallBytes) { tooLarge++; continue; }
    const fit = sizes.findIndex((size) => size + request.bytes <= limits.maxCallBytes);
    if (fit >= 0) {
      calls[fit]?.push(request.index);
      sizes[fit] = (sizes[fit] ?? 0) + request.bytes;
    } else if (calls.length < limits.maxCalls) {
      calls.push([request.index]);
      sizes.push(request.bytes);
    } else {
      break;
    }
  }
  const byPosition = (a: number, b: number): number => a - b;
  const sorted = calls.map((c) => [...c].sort(byPosition));
  return { calls: sorted, packed: sorted.flat().sort(byPosition), tooLarge };
}
