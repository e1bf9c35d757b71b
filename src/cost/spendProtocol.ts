/**
 * The spend panel's messages, both ways, defined once: the page (media/spend/spend.ts) and the
 * extension (src/views/spend/, the allow-list in spendMessages.ts) import these types.
 * Types only: nothing here runs, so the page's bundle gets no code from it.
 */

/** How the page groups the spend: by day (the user's time zone), by model, or by one metadata key's value. */
export type SpendGroupingChoice = { readonly by: 'day' } | { readonly by: 'model' } | { readonly by: 'metadata'; readonly key: string };

/** What the page may send; anything else is dropped by `parseSpendMessage` (spendMessages.ts). */
export type SpendPageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'group'; readonly grouping: SpendGroupingChoice }
  | { readonly type: 'download' }
  | { readonly type: 'exportCsv' }
  | { readonly type: 'loadAll' };

/** One line of the table (and one bar): numbers as numbers and as the text shown. */
export interface SpendRowView {
  /** The group's key ('' for batches without the metadata key). */
  readonly key: string;
  /** What the page shows for the key (the empty value named). */
  readonly label: string;
  readonly batches: number;
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  /** Null when no model of the group has a price. */
  readonly cost: number | null;
  /** The cost in the platform's currency; '' when none. */
  readonly costText: string;
  /** Models of the group without a price. */
  readonly unpriced: readonly string[];
  /** The bar's length, 0..1 of the longest (by cost when any group is priced, else by tokens). */
  readonly bar: number;
  /** The bar's figure as shown (the cost, or the tokens). */
  readonly barText: string;
}

export interface NotCountedView {
  readonly id: string;
  readonly requests: number;
  /** Why it is not counted, in the display language. */
  readonly reason: string;
}

/** Texts the spend page builds itself; `{0}` placeholders are filled by the page. */
export interface SpendPageStrings {
  readonly byDay: string;
  readonly byModel: string;
  /** "Metadata: {0}". */
  readonly byMetadata: string;
  readonly column: Readonly<Record<'key' | 'batches' | 'input' | 'cached' | 'output' | 'cost', string>>;
  readonly total: string;
  readonly noBatches: string;
  /** "No price set for: {0}." */
  readonly unpriced: string;
  readonly chartTitle: string;
  readonly chartByCost: string;
  readonly chartByTokens: string;
  readonly notCountedTitle: string;
  readonly notCountedNone: string;
  /** "{0} · {1} requests · {2}". */
  readonly notCountedLine: string;
  /** "Download results of {0} batches". */
  readonly download: string;
  readonly exportCsv: string;
  readonly loadAll: string;
}

/** Everything the page shows, computed in the extension (spendView.ts). */
export interface SpendViewModel {
  readonly type: 'spend';
  readonly grouping: SpendGroupingChoice;
  /** Every metadata key of the loaded batches (`description` first), for the grouping select. */
  readonly keys: readonly string[];
  readonly rows: readonly SpendRowView[];
  readonly total: SpendRowView;
  /** What the bars measure. */
  readonly barBy: 'cost' | 'tokens';
  readonly notCounted: readonly NotCountedView[];
  /** Not counted batches whose results can be downloaded (they have an output file). */
  readonly downloadable: number;
  /** "N of the account's batches loaded — Load All to include older ones"; null when every batch is loaded. */
  readonly loadedNote: string | null;
  /** "Set prices per model in kimiBatches.pricing…" when no price is set at all; else null. */
  readonly pricingNote: string | null;
  readonly strings: SpendPageStrings;
}

/** Everything the extension posts to the spend page. */
export type SpendHostMessage =
  | { readonly type: 'status'; readonly phase: 'loading' | 'error'; readonly message: string }
  | SpendViewModel;
