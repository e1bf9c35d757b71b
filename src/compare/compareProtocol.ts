/**
 * The compare panel's messages, both ways, defined once: the page (media/compare/compare.ts) and the
 * extension (src/views/compare/, the allow-list in compareMessages.ts, the session) import these types.
 * Types only: nothing here runs, so the page's bundle gets no code from it.
 */
import type { RowsSliceOf, TableHostMessage, TablePageMessage, TableView } from '../results/tableProtocol';
import type { Outcome } from '../results/types';
import type { PairKind } from './pairs';
import type { Sameness } from './sameAnswer';

/**
 * The table's filters: by verdict (both answered), by which side failed (the other succeeded), both
 * failed, requests in one input only, and finish reasons that changed.
 */
export type CompareFilter = 'all' | 'different' | 'equivalent' | 'identical' | 'aFailed' | 'bFailed' | 'bothFailed' | 'oneInput' | 'finishChanged';
export const COMPARE_FILTERS: readonly CompareFilter[] = ['all', 'different', 'equivalent', 'identical', 'aFailed', 'bFailed', 'bothFailed', 'oneInput', 'finishChanged'];

export interface CompareQueryMessage {
  readonly type: 'query';
  readonly filter: CompareFilter;
  /** custom_id, request, answer or error text of either side (any case). */
  readonly search: string;
}

/** What the page may send; anything else is dropped by `parseCompareMessage` (compareMessages.ts). */
export type ComparePageMessage = TablePageMessage | CompareQueryMessage;

/** One side of a pair as the table shows it; null when the request is not in that side's input. */
export interface PairSideView {
  readonly outcome: Outcome;
  readonly preview: string;
  readonly totalTokens: number | null;
  readonly finishReason: string | null;
  readonly errorCode: string | null;
}

/** A pair as the page shows it: previews only, all text (rendered with textContent). */
export interface PairView {
  /** Position of the pair in the natural order (A's input order, then B's only). */
  readonly index: number;
  readonly customId: string;
  readonly kind: PairKind;
  readonly same: Sameness | null;
  readonly a: PairSideView | null;
  readonly b: PairSideView | null;
  readonly tokensDelta: number | null;
  readonly finishChanged: boolean;
}

/** Its counts: pairs per filter among those that match the search (for the filter chips). */
export type CompareView = TableView<CompareFilter, CompareQueryMessage>;

export type PairsSlice = RowsSliceOf<PairView>;

/** One side in full for the detail pane. */
export interface PairSideDetail {
  readonly outcome: Outcome;
  readonly model: string | null;
  /** The answer's content in full, else the error as JSON text, else null. */
  readonly text: string | null;
  /** True when `text` is an error, not an answer. */
  readonly isError: boolean;
  readonly totalTokens: number | null;
  readonly finishReason: string | null;
}

export interface PairDetail {
  readonly type: 'detail';
  readonly index: number;
  readonly customId: string;
  readonly kind: PairKind;
  readonly same: Sameness | null;
  readonly a: PairSideDetail | null;
  readonly b: PairSideDetail | null;
}

/** Totals of one side, with its failed count and cost (null: no price for its models). */
export interface CompareSideSummary {
  readonly batchId: string;
  readonly models: readonly string[];
  readonly requests: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly prompt: number;
  readonly completion: number;
  readonly total: number;
  readonly cost: number | null;
  /** Answers that match no request of the side's input (kept apart, never paired). */
  readonly orphans: number;
}

export interface CompareSummary {
  readonly type: 'summary';
  readonly a: CompareSideSummary;
  readonly b: CompareSideSummary;
  readonly kinds: Readonly<Record<PairKind, number>>;
  readonly identical: number;
  readonly equivalent: number;
  readonly different: number;
  readonly pairs: number;
  readonly notices: readonly string[];
  readonly pricingSet: boolean;
  readonly strings?: ComparePageStrings;
}

/** Texts the compare page builds itself; `{0}` placeholders are filled by the page. */
export interface ComparePageStrings {
  readonly filter: Readonly<Record<CompareFilter, string>>;
  readonly kind: Readonly<Record<PairKind, string>>;
  readonly same: Readonly<Record<Sameness, string>>;
  readonly outcome: Readonly<Record<Outcome, string>>;
  readonly column: Readonly<Record<'same' | 'outcomeA' | 'outcomeB' | 'answerA' | 'answerB' | 'tokensA' | 'tokensB' | 'delta', string>>;
  readonly card: Readonly<Record<'requests' | 'succeeded' | 'failed' | 'tokens' | 'cost' | 'orphans', string>>;
  readonly notInInput: string;
  readonly noAnswer: string;
  readonly noPrice: string;
  readonly setPrices: string;
  readonly matches: string;
  readonly searching: string;
  readonly finishChanged: string;
}

/** Everything the extension posts to a compare page. */
export type CompareHostMessage =
  | TableHostMessage
  | CompareSummary | CompareView | PairsSlice | PairDetail;
