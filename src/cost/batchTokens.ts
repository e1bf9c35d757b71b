/**
 * The tokens of one batch per model, from its output file read once, streamed (one chunk in memory at
 * a time). Every answer that reports usage was billed, orphans and second answers included (as the
 * results digest counts them). The model of an answer is its `response.body.model`; an answer that
 * names none counts under the batch's model (the caller's fallback), else `UNKNOWN_MODEL`.
 */
import { readFileChunks, readLines } from '../jsonl/fileLines';
import { isObject } from '../shared/json';
import { parseLine, responseBodyOf, usageOf } from '../results/extract';
import { UNKNOWN_MODEL } from '../results/digest';
import type { TokenTotals } from '../results/types';

export type ModelTokens = { readonly model: string } & TokenTotals;

type Mutable = { -readonly [K in keyof TokenTotals]: TokenTotals[K] };

export interface BatchTokens {
  /** Per model, sorted by model name. */
  readonly byModel: readonly ModelTokens[];
  /** Lines that were not a JSON object (not counted). */
  readonly unreadable: number;
}

/** Tokens per model of answer lines given as text (blank lines and unreadable ones skipped). */
export async function tokensOfLines(lines: AsyncIterable<string> | Iterable<string>, fallbackModel: string | undefined): Promise<BatchTokens> {
  const byModel = new Map<string, Mutable>();
  let unreadable = 0;
  for await (const text of lines) {
    if (text.trim() === '') { continue; }
    const parsed = parseLine(text);
    if (!('value' in parsed)) { unreadable++; continue; }
    const usage = usageOf(parsed.value);
    if (usage.promptTokens === null && usage.completionTokens === null && usage.totalTokens === null) { continue; }
    const body = responseBodyOf(parsed.value);
    const named = isObject(body) && typeof body.model === 'string' && body.model !== '' ? body.model : undefined;
    const model = named ?? fallbackModel ?? UNKNOWN_MODEL;
    let t = byModel.get(model);
    if (!t) { t = { prompt: 0, completion: 0, total: 0, cached: null, requests: 0 }; byModel.set(model, t); }
    t.requests++;
    t.prompt += usage.promptTokens ?? 0;
    t.completion += usage.completionTokens ?? 0;
    t.total += usage.totalTokens ?? (usage.promptTokens ?? 0) + (usage.completionTokens ?? 0);
    if (usage.cachedTokens !== null) { t.cached = (t.cached ?? 0) + usage.cachedTokens; }
  }
  const sorted = [...byModel].map(([model, t]) => ({ model, ...t })).sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  return { byModel: sorted, unreadable };
}

/** The tokens per model of a batch's cached output file. */
export async function tokensOfOutputFile(path: string, fallbackModel: string | undefined, signal?: AbortSignal): Promise<BatchTokens> {
  async function* texts(): AsyncGenerator<string> {
    for await (const line of readLines(readFileChunks(path, { signal }), { blankLines: 'skip', firstLine: 1, columns: 'bytes', signal })) {
      // A line too long to decode has no text: it is counted as unreadable below.
      yield line.text ?? '\u0000';
    }
  }
  return tokensOfLines(texts(), fallbackModel);
}

/** The model a batch names for its answers that name none: `metadata.model` (set by Run Again), else none. */
export function batchModelOf(metadata: Readonly<Record<string, string>> | null): string | undefined {
  const model = metadata?.model;
  return typeof model === 'string' && model.trim() !== '' ? model : undefined;
}
