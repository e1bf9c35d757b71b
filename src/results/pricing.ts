/**
 * `kimiBatches.pricing` read liberally (vscode-free; the caller reads the setting): per model, an
 * `input` and an `output` price per million tokens, both finite and non-negative, else the entry is
 * skipped; `cachedInput` the same, else it counts as unset (cached tokens then priced as input).
 */
import type { ModelPrice, Pricing, TokenTotals } from './types';

/** A finite, non-negative number (or a string holding one); undefined otherwise. */
function price(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function parsePricing(raw: unknown): Pricing {
  const out: Record<string, ModelPrice> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { return out; }
  for (const [model, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) { continue; }
    const p = entry as { input?: unknown; output?: unknown; cachedInput?: unknown };
    const input = price(p.input);
    const output = price(p.output);
    if (input === undefined || output === undefined) { continue; }
    const cachedInput = price(p.cachedInput);
    out[model] = cachedInput === undefined ? { input, output } : { input, output, cachedInput };
  }
  return out;
}

/**
 * The cost of one model's tokens: cached prompt tokens (part of the prompt tokens, never more) at the
 * cached input price, the other prompt tokens at the input price, completion tokens at the output price.
 * Without a cached input price, cached tokens are priced as input.
 */
export function priceTokens(price: ModelPrice, tokens: Pick<TokenTotals, 'prompt' | 'completion' | 'cached'>): number {
  const cachedTokens = Math.min(tokens.cached ?? 0, tokens.prompt);
  return (price.input * (tokens.prompt - cachedTokens) + (price.cachedInput ?? price.input) * cachedTokens + price.output * tokens.completion) / 1_000_000;
}

/** The price of a model, own keys only (a model named "constructor" has no inherited price). */
export function priceOf(pricing: Pricing, model: string): ModelPrice | undefined {
  return Object.prototype.hasOwnProperty.call(pricing, model) ? pricing[model] : undefined;
}
