/**
 * The comparison of two batches over their pairs: for requests answered on both sides, whether the
 * answers are the same (read in full from the cached files), and the totals per side (tokens, and cost
 * from `kimiBatches.pricing` per model). Streams each side's answer files once: holds digests, never answers.
 */
import { hash } from 'node:crypto';
import { readFileChunks } from '../jsonl/fileLines';
import { ByteLineSplitter } from '../jsonl/byteLines';
import { answerContent, parseLine } from '../results/extract';
import { arrayPick, fastParseLine, FULL, objectPick } from '../results/fastParse';
import { priceOf, priceTokens } from '../results/pricing';
import { RESULT_LINES } from '../results/resultLines';
import { joinResults } from '../results/join';
import type { JoinedResults, LineRef, Pricing, ResultFileKind, ResultFilePaths, ResultRow } from '../results/types';
import type { JsonObject } from '../shared/json';
import { answerJson, canonicalJson } from './answerJson';
import type { ResultPair } from './pairs';
import { collapsed, type Sameness } from './sameAnswer';

export interface SideTotals {
  readonly requests: number;
  readonly succeeded: number;
  readonly prompt: number;
  readonly completion: number;
  readonly cached: number;
  /** Null when no model of the side has a price. */
  readonly cost: number | null;
}

export interface ComparisonTotals {
  readonly a: SideTotals;
  readonly b: SideTotals;
  readonly identical: number;
  readonly equivalent: number;
  readonly different: number;
}

/** Bytes kept of each digest (of SHA-256): 128 bits, so two different answers never share one by chance. */
const DIGEST_BYTES = 16;
/** Per pair: the digests of A's answer as it is, with runs of whitespace collapsed, and as canonical JSON. */
const SLOT_BYTES = 3 * DIGEST_BYTES;
const READ = 1;
const JSON_ANSWER = 2;

// One call per digest (crypto.hash, Node ≥ 20.12: no Hash object made): half the time of createHash for answer-sized texts.
function digestInto(text: string, into: Buffer, at: number): void {
  hash('sha256', text, 'buffer').copy(into, at, 0, DIGEST_BYTES);
}

function sameDigest(text: string, of: Buffer, at: number): boolean {
  return hash('sha256', text, 'buffer').compare(of, at, at + DIGEST_BYTES, 0, DIGEST_BYTES) === 0;
}

/** What `answerContent` reads of an answer line: the first choice's message content. */
const CONTENT_PICK = objectPick({ response: objectPick({ body: objectPick({ choices: arrayPick(objectPick({ message: objectPick({ content: FULL }) }), true) }) }) });

/** Where a side's wanted answer lines are: per file, each line's offset and the slots (positions in the rows) that want it. */
type Slots = Map<ResultFileKind, Map<number, number | number[]>>;

/** The answer lines of `rows` (slot = position in `rows`) by file and offset; rows sharing a line share it. */
function slotsOf(rows: readonly ResultRow[]): Slots {
  const slots: Slots = new Map();
  rows.forEach((row, slot) => {
    if (row.answer === null) { return; }
    const byOffset = slots.get(row.answer.file) ?? new Map<number, number | number[]>();
    const there = byOffset.get(row.answer.offset);
    byOffset.set(row.answer.offset, there === undefined ? slot : [...(typeof there === 'number' ? [there] : there), slot]);
    slots.set(row.answer.file, byOffset);
  });
  return slots;
}

/**
 * Streams the answer files of one side once, in file order, handing `onAnswer` the content of each
 * answer line a wanted row points to (by offset), once per slot that wants it. A line that is not a
 * JSON object is skipped: its slots get no answer.
 */
async function readAnswers(paths: ResultFilePaths, slots: Slots, onAnswer: (slot: number, content: string) => void, signal: AbortSignal | undefined): Promise<void> {
  for (const [file, byOffset] of slots) {
    const path = paths[file];
    if (path === undefined) { continue; }
    const splitter = new ByteLineSplitter((bytes, from, to, _line, offset) => {
      const wanted = byOffset.get(offset);
      if (wanted === undefined) { return; }
      // The join's fast path (Latin-1 JSON.parse, only the content decoded); JSON.parse of the UTF-8 text when it declines.
      const fast = fastParseLine(bytes, from, to, CONTENT_PICK);
      const parsed = fast === undefined ? parseLine(bytes.toString('utf8', from, to)) : { value: fast };
      if (!('value' in parsed)) { return; }
      const content = answerContent(parsed.value);
      for (const slot of typeof wanted === 'number' ? [wanted] : wanted) { onAnswer(slot, content); }
    }, RESULT_LINES);
    for await (const chunk of readFileChunks(path, { signal })) { splitter.push(chunk); }
    splitter.end();
  }
}

/** The three digests of an answer written at `at` of `into`; returns its flags (READ, and JSON_ANSWER when it is JSON). */
function printInto(content: string, into: Buffer, at: number): number {
  digestInto(content, into, at);
  const spaced = collapsed(content);
  // Most answers have no whitespace to collapse: their second digest is the first one's copy, not a second hash.
  if (spaced === content) { into.copy(into, at + DIGEST_BYTES, at, at + DIGEST_BYTES); } else { digestInto(spaced, into, at + DIGEST_BYTES); }
  const json = answerJson(content);
  if (json.ok) { digestInto(canonicalJson(json.value), into, at + 2 * DIGEST_BYTES); }
  return READ | (json.ok ? JSON_ANSWER : 0);
}

/** `AnswerPrints` as plain bytes (what a worker posts): per slot, 48 digest bytes, its flags, and its line's file (index in `FILE_KINDS`) and offset. */
export interface PrintsTransfer {
  readonly digests: Uint8Array;
  readonly flags: Uint8Array;
  readonly places: Float64Array;
}

const FILE_KINDS: readonly ResultFileKind[] = ['input', 'output', 'error'];

/**
 * Digests of every answer of one side, by answer line, made while its join reads them (`joinResults`'
 * `onAnswer`): the comparison then needs no second pass over the answer files.
 */
export class AnswerPrints {
  private digests: Buffer = Buffer.alloc(1024 * SLOT_BYTES);
  private flags: Uint8Array = new Uint8Array(1024);
  private count = 0;
  private readonly slots = new Map<ResultFileKind, Map<number, number>>();

  /** For `joinResults`' `onAnswer`. */
  readonly add = (line: JsonObject, ref: LineRef): void => {
    if (this.count === this.flags.length) {
      const digests = Buffer.alloc(this.digests.length * 2);
      this.digests.copy(digests);
      this.digests = digests;
      const flags = new Uint8Array(this.flags.length * 2);
      flags.set(this.flags);
      this.flags = flags;
    }
    const slot = this.count++;
    this.flags[slot] = printInto(answerContent(line), this.digests, slot * SLOT_BYTES);
    const byOffset = this.slots.get(ref.file) ?? new Map<number, number>();
    byOffset.set(ref.offset, slot);
    this.slots.set(ref.file, byOffset);
  };

  /**
   * The digests as plain bytes, to post from the worker that made them (`joinWorker.ts`): each slot's
   * digests and flags, and its answer line (file, offset). The buffers are new: the caller may transfer them.
   */
  toTransfer(): PrintsTransfer {
    const places = new Float64Array(this.count * 2);
    for (const [file, byOffset] of this.slots) {
      const kind = FILE_KINDS.indexOf(file);
      for (const [offset, slot] of byOffset) { places[slot * 2] = kind; places[slot * 2 + 1] = offset; }
    }
    return { digests: new Uint8Array(this.digests.subarray(0, this.count * SLOT_BYTES)), flags: this.flags.slice(0, this.count), places };
  }

  /** The prints `toTransfer` gave (in another thread): the same verdicts with any other side's prints. */
  static fromTransfer(t: PrintsTransfer): AnswerPrints {
    const prints = new AnswerPrints();
    const count = t.flags.length;
    if (t.digests.length !== count * SLOT_BYTES || t.places.length !== count * 2) { throw new RangeError(`answer prints of ${count} slots with ${t.digests.length} digest bytes and ${t.places.length} places`); }
    prints.digests = Buffer.from(t.digests.buffer, t.digests.byteOffset, t.digests.length);
    prints.flags = t.flags;
    prints.count = count;
    for (let slot = 0; slot < count; slot++) {
      const file = FILE_KINDS[t.places[slot * 2] ?? -1];
      if (file === undefined) { throw new RangeError(`answer print ${slot} names no file`); }
      const byOffset = prints.slots.get(file) ?? new Map<number, number>();
      byOffset.set(t.places[slot * 2 + 1] ?? 0, slot);
      prints.slots.set(file, byOffset);
    }
    return prints;
  }

  /** Whether this side's answer at `ref` and `other`'s at `otherRef` say the same; null when either was not read. */
  same(ref: LineRef, other: AnswerPrints, otherRef: LineRef): Sameness | null {
    const a = this.slots.get(ref.file)?.get(ref.offset);
    const b = other.slots.get(otherRef.file)?.get(otherRef.offset);
    if (a === undefined || b === undefined) { return null; }
    const [da, db] = [this.digests, other.digests];
    const equal = (part: number): boolean => da.compare(db, b * SLOT_BYTES + part * DIGEST_BYTES, b * SLOT_BYTES + (part + 1) * DIGEST_BYTES, a * SLOT_BYTES + part * DIGEST_BYTES, a * SLOT_BYTES + (part + 1) * DIGEST_BYTES) === 0;
    if (equal(0)) { return 'identical'; }
    if (equal(1)) { return 'equivalent'; }
    return ((this.flags[a] ?? 0) & (other.flags[b] ?? 0) & JSON_ANSWER) !== 0 && equal(2) ? 'equivalent' : 'different';
  }
}

/**
 * One side's join for a comparison, in this thread or in the join worker: its answers digested as they
 * pass, and no request previews (the compare shows no request text; its search reads the files).
 */
export async function joinPrinted(paths: ResultFilePaths, signal?: AbortSignal, onProgress?: (bytesRead: number, bytesTotal: number) => void): Promise<{ readonly results: JoinedResults; readonly prints: AnswerPrints }> {
  const prints = new AnswerPrints();
  const results = await joinResults(paths, { signal, onProgress, onAnswer: prints.add, requestPreviews: false });
  return { results, prints };
}

/**
 * The sameness of each pair's answers, in pair order: null unless both succeeded and both answers could
 * be read. Each side's answer files are streamed once in file order (the answers of a batch are not in
 * input order: reading them pair by pair would be a random read per answer); of A's answers only three
 * digests per pair are kept, then each of B's answers is judged as it passes (`compareAnswers`' rules).
 * With both sides' `prints` (made by their joins) nothing is read again.
 */
export async function answerSameness(pairs: readonly ResultPair[], filesA: ResultFilePaths, filesB: ResultFilePaths, signal?: AbortSignal, prints?: { readonly a: AnswerPrints; readonly b: AnswerPrints }): Promise<Array<Sameness | null>> {
  if (prints !== undefined) {
    return pairs.map((p) => (p.kind === 'both' && p.a?.answer && p.b?.answer ? prints.a.same(p.a.answer, prints.b, p.b.answer) : null));
  }
  const judged: number[] = [];
  const rowsA: ResultRow[] = [];
  const rowsB: ResultRow[] = [];
  pairs.forEach((pair, i) => {
    if (pair.kind !== 'both' || pair.a === null || pair.b === null) { return; }
    judged.push(i);
    rowsA.push(pair.a);
    rowsB.push(pair.b);
  });
  const out = new Array<Sameness | null>(pairs.length).fill(null);
  const digests = Buffer.alloc(judged.length * SLOT_BYTES);
  const state = new Uint8Array(judged.length);
  await readAnswers(filesA, slotsOf(rowsA), (slot, a) => { state[slot] = printInto(a, digests, slot * SLOT_BYTES); }, signal);
  await readAnswers(filesB, slotsOf(rowsB), (slot, b) => {
    const read = state[slot] ?? 0;
    if ((read & READ) === 0) { return; }
    const at = slot * SLOT_BYTES;
    let same: Sameness = 'different';
    if (sameDigest(b, digests, at)) { same = 'identical'; } else if (sameDigest(collapsed(b), digests, at + DIGEST_BYTES)) { same = 'equivalent'; } else if ((read & JSON_ANSWER) !== 0) {
      const json = answerJson(b);
      if (json.ok && sameDigest(canonicalJson(json.value), digests, at + 2 * DIGEST_BYTES)) { same = 'equivalent'; }
    }
    out[judged[slot] ?? 0] = same;
  }, signal);
  return out;
}

function sideTotals(rows: ReadonlyArray<ResultRow | null>, pricing: Pricing): SideTotals {
  let requests = 0;
  let succeeded = 0;
  const byModel = new Map<string, { prompt: number; completion: number; cached: number }>();
  for (const row of rows) {
    if (row === null) { continue; }
    requests++;
    if (row.outcome === 'succeeded') { succeeded++; }
    const model = row.model ?? '';
    const t = byModel.get(model) ?? { prompt: 0, completion: 0, cached: 0 };
    t.prompt += row.promptTokens ?? 0;
    t.completion += row.completionTokens ?? 0;
    t.cached += Math.min(row.cachedTokens ?? 0, row.promptTokens ?? 0);
    byModel.set(model, t);
  }
  let prompt = 0;
  let completion = 0;
  let cached = 0;
  let cost: number | null = null;
  for (const [model, t] of byModel) {
    prompt += t.prompt;
    completion += t.completion;
    cached += t.cached;
    const price = priceOf(pricing, model);
    if (price !== undefined) { cost = (cost ?? 0) + priceTokens(price, t); }
  }
  return { requests, succeeded, prompt, completion, cached, cost };
}

export function comparisonTotals(pairs: readonly ResultPair[], sameness: ReadonlyArray<Sameness | null>, pricing: Pricing): ComparisonTotals {
  const count = (s: Sameness): number => sameness.filter((x) => x === s).length;
  return {
    a: sideTotals(pairs.map((p) => p.a), pricing),
    b: sideTotals(pairs.map((p) => p.b), pricing),
    identical: count('identical'),
    equivalent: count('equivalent'),
    different: count('different'),
  };
}
