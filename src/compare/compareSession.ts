/**
 * One compare panel's state, without vscode: two batches' joined results paired by custom_id, each
 * pair's verdict (answers read in full once), the totals per side, and the current query (filter and
 * search) as an order of pair indexes the virtual table asks slices of. A query bumps `generation`, so
 * slices of an older query are recognised and dropped.
 */
import { readResultDetail } from '../results/detail';
import type { RowSearch } from '../results/resultsSession';
import { searchRows } from '../results/search';
import { throwIfAborted } from '../shared/abort';
import type { JoinedResults, Pricing, ResultFilePaths, ResultRow } from '../results/types';
import { AnswerReader } from './answerReader';
import { answerSameness, comparisonTotals, joinPrinted, type AnswerPrints, type SideTotals } from './comparison';
import { COMPARE_FILTERS, type CompareFilter, type CompareQueryMessage, type CompareSideSummary, type CompareSummary, type CompareView, type PairDetail, type PairSideDetail, type PairSideView, type PairsSlice, type PairView } from './compareProtocol';
import { pairResults, type PairedResults, type ResultPair } from './pairs';
import type { Sameness } from './sameAnswer';

/** One batch's side of a comparison: its id, joined results and cached files; its answers' digests when `joinSide` joined it. */
export interface CompareSide {
  readonly batchId: string;
  readonly results: JoinedResults;
  readonly paths: ResultFilePaths;
  readonly prints?: AnswerPrints;
}

/** Joins one side, digesting its answers as they pass: the verdicts then need no second read of its files. Its rows have no request preview (`joinPrinted`). */
export async function joinSide(batchId: string, paths: ResultFilePaths, signal?: AbortSignal, onProgress?: (bytesRead: number, bytesTotal: number) => void): Promise<CompareSide> {
  const { results, prints } = await joinPrinted(paths, signal, onProgress);
  return { batchId, results, paths, prints };
}

const DEFAULT_QUERY: CompareQueryMessage = { type: 'query', filter: 'all', search: '' };

/** Whether a pair (with its verdict) passes a filter. */
export function pairPasses(filter: CompareFilter, pair: ResultPair, same: Sameness | null): boolean {
  switch (filter) {
    case 'all': return true;
    case 'different': case 'equivalent': case 'identical': return same === filter;
    case 'aFailed': return pair.kind === 'onlyB';
    case 'bFailed': return pair.kind === 'onlyA';
    case 'bothFailed': return pair.kind === 'neither';
    case 'oneInput': return pair.kind === 'inputOnlyA' || pair.kind === 'inputOnlyB';
    case 'finishChanged': return pair.finishChanged;
  }
}

function sideView(row: ResultRow | null): PairSideView | null {
  return row === null ? null : {
    outcome: row.outcome, preview: row.outcome === 'succeeded' ? row.answerPreview : (row.errorMessage ?? ''),
    totalTokens: row.totalTokens, finishReason: row.finishReason, errorCode: row.errorCode,
  };
}

export class CompareSession {
  private order: Uint32Array;
  private query: CompareQueryMessage = DEFAULT_QUERY;
  private counts: Record<CompareFilter, number>;
  private lastSearch: { text: string; matches: ReadonlySet<number> } | undefined;
  generation = 0;

  private constructor(readonly a: CompareSide, readonly b: CompareSide, readonly paired: PairedResults, readonly sameness: ReadonlyArray<Sameness | null>, private readonly search: RowSearch) {
    this.order = this.orderOf('all');
    this.counts = this.countsOf();
  }

  /** Pairs the two sides and reads every answer pair once for its verdict. `search` finds rows by text (a test may stage it). */
  static async build(a: CompareSide, b: CompareSide, signal?: AbortSignal, search: RowSearch = searchRows): Promise<CompareSession> {
    const paired = pairResults(a.results.rows, b.results.rows);
    const sameness = await answerSameness(paired.pairs, a.paths, b.paths, signal, a.prints && b.prints ? { a: a.prints, b: b.prints } : undefined);
    return new CompareSession(a, b, paired, sameness, search);
  }

  get pairs(): readonly ResultPair[] { return this.paired.pairs; }
  get currentQuery(): CompareQueryMessage { return this.query; }
  /** Pair indexes in the current order (for tests). */
  get currentOrder(): Uint32Array { return this.order; }

  /** The totals per side (cost from `pricing`), counts per outcome pair and per verdict. */
  summary(pricing: Pricing): Omit<CompareSummary, 'notices' | 'pricingSet' | 'strings'> {
    const pairs = this.paired.pairs;
    const totals = comparisonTotals(pairs, this.sameness, pricing);
    const side = (s: CompareSide, t: SideTotals, rows: ReadonlyArray<ResultRow | null>, orphans: number): CompareSideSummary => {
      const present = rows.filter((r): r is ResultRow => r !== null);
      return {
        batchId: s.batchId,
        models: [...new Set(present.map((r) => r.model).filter((m): m is string => m !== null))].sort(),
        requests: t.requests, succeeded: t.succeeded, failed: present.filter((r) => r.outcome === 'failed').length,
        prompt: t.prompt, completion: t.completion, total: t.prompt + t.completion, cost: t.cost, orphans,
      };
    };
    return {
      type: 'summary',
      a: side(this.a, totals.a, pairs.map((p) => p.a), this.paired.orphansA.length),
      b: side(this.b, totals.b, pairs.map((p) => p.b), this.paired.orphansB.length),
      kinds: this.paired.counts,
      identical: totals.identical, equivalent: totals.equivalent, different: totals.different,
      pairs: pairs.length,
    };
  }

  /**
   * Applies a query; a search reads both sides' files (full request and answer text), so it may take a
   * moment. Once `signal` aborts (a newer query superseded this one) it rejects with an AbortError and
   * changes nothing, even when a search it waited for ends anyway.
   */
  async apply(query: CompareQueryMessage, signal?: AbortSignal): Promise<CompareView> {
    const text = query.search.trim();
    let matches: ReadonlySet<number> | undefined;
    if (text !== '') {
      if (this.lastSearch?.text !== text) {
        const inA = await this.search(this.a.results, this.a.paths, text, signal);
        throwIfAborted(signal);
        const inB = await this.search(this.b.results, this.b.paths, text, signal);
        throwIfAborted(signal);
        const found = new Set<number>();
        this.paired.pairs.forEach((p, i) => {
          if ((p.a !== null && inA.has(p.a.index)) || (p.b !== null && inB.has(p.b.index))) { found.add(i); }
        });
        this.lastSearch = { text, matches: found };
      }
      matches = this.lastSearch.matches;
    }
    // Past the last await: a query superseded meanwhile must not overwrite the newer one's state.
    throwIfAborted(signal);
    this.order = this.orderOf(query.filter, matches);
    this.counts = this.countsOf(matches);
    this.query = query;
    this.generation++;
    return this.view();
  }

  view(): CompareView {
    return { type: 'view', generation: this.generation, total: this.order.length, counts: { ...this.counts }, query: this.query };
  }

  /** Pairs `start` to `end` (exclusive) of the current order; undefined for a slice of an older query. */
  slice(generation: number, start: number, end: number): PairsSlice | undefined {
    if (generation !== this.generation) { return undefined; }
    const rows: PairView[] = [];
    for (let i = start; i < Math.min(end, this.order.length); i++) { rows.push(this.pairView(this.order[i] ?? 0)); }
    return { type: 'rows', generation, start, rows };
  }

  pairView(index: number): PairView {
    const p = this.paired.pairs[index];
    if (p === undefined) { throw new RangeError(`no pair ${index}`); }
    return {
      index, customId: p.customId, kind: p.kind, same: this.sameness[index] ?? null,
      a: sideView(p.a), b: sideView(p.b), tokensDelta: p.tokensDelta, finishChanged: p.finishChanged,
    };
  }

  /** Both sides of a pair in full: the answers as written, or the errors as JSON. */
  async detail(index: number): Promise<PairDetail | undefined> {
    const p = this.paired.pairs[index];
    if (p === undefined) { return undefined; }
    return {
      type: 'detail', index, customId: p.customId, kind: p.kind, same: this.sameness[index] ?? null,
      a: await sideDetail(p.a, this.a.paths), b: await sideDetail(p.b, this.b.paths),
    };
  }

  private orderOf(filter: CompareFilter, matches?: ReadonlySet<number>): Uint32Array {
    const out: number[] = [];
    this.paired.pairs.forEach((p, i) => {
      if ((matches === undefined || matches.has(i)) && pairPasses(filter, p, this.sameness[i] ?? null)) { out.push(i); }
    });
    return Uint32Array.from(out);
  }

  private countsOf(matches?: ReadonlySet<number>): Record<CompareFilter, number> {
    const counts = Object.fromEntries(COMPARE_FILTERS.map((f) => [f, 0])) as Record<CompareFilter, number>;
    this.paired.pairs.forEach((p, i) => {
      if (matches !== undefined && !matches.has(i)) { return; }
      for (const f of COMPARE_FILTERS) { if (pairPasses(f, p, this.sameness[i] ?? null)) { counts[f]++; } }
    });
    return counts;
  }
}

async function sideDetail(row: ResultRow | null, paths: ResultFilePaths): Promise<PairSideDetail | null> {
  if (row === null) { return null; }
  const base = { outcome: row.outcome, model: row.model, totalTokens: row.totalTokens, finishReason: row.finishReason };
  if (row.outcome === 'succeeded') {
    const reader = new AnswerReader(paths);
    try {
      return { ...base, text: await reader.answer(row), isError: false };
    } finally {
      await reader.close();
    }
  }
  const d = await readResultDetail(row, paths);
  const error = d.error ?? d.response;
  return { ...base, text: error === null ? null : JSON.stringify(error, null, 2), isError: error !== null };
}
