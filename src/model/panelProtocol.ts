/**
 * The detail panel's messages, both ways, defined once: the page (media/panel/panel.ts) and the
 * extension (src/views/panel/, the allow-list in panelMessages.ts) import these types. Types only:
 * nothing here runs, so the page's bundle gets no code from it.
 */

export type FileField = 'inputFileId' | 'outputFileId' | 'errorFileId';
export type CopyField = 'id' | FileField;

export interface TimelineEntry {
  readonly label: string;
  readonly absolute: string;
  readonly relative: string;
  /** The same instant in UTC and as raw Unix seconds (shown on hover). */
  readonly utc: string;
  /** Unix seconds, for ordering and tests. */
  readonly at: number;
}

export interface DetailsModel {
  readonly id: string;
  /** The status key for styling (`in_progress`, or `unknown`). */
  readonly statusKey: string;
  readonly statusText: string;
  readonly running: boolean;
  readonly terminal: boolean;
  readonly cancellable: boolean;
  /** Estimated finish ("about 40 min left, done around 14:20"), when one can be made. */
  readonly eta: string | undefined;
  readonly progress: {
    readonly total: string;
    readonly completed: string;
    readonly failed: string;
    readonly remaining: string;
    readonly completedPct: string;
    readonly failedPct: string;
    readonly remainingPct: string;
    /** 0..100 numbers for the bar's segment widths; never negative, together at most 100. */
    readonly completedWidth: number;
    readonly failedWidth: number;
  };
  readonly timeline: readonly TimelineEntry[];
  readonly phases: ReadonlyArray<{ readonly label: string; readonly length: string }>;
  /** "expires in 20 h (Nov 30, …)" for running batches; undefined otherwise. */
  readonly expiry: string | undefined;
  readonly ids: ReadonlyArray<{ readonly field: CopyField; readonly label: string; readonly value: string | null }>;
  readonly endpoint: string;
  readonly completionWindow: string;
  readonly metadata: ReadonlyArray<readonly [string, string]>;
  /** "Retry of" (metadata.retry_of) and "Retried as" (loaded batches naming this one). */
  readonly retryOf: string | undefined;
  readonly retriedAs: readonly string[];
  /** "Rerun of" (metadata.rerun_of) and "Reruns" (loaded batches naming this one). */
  readonly rerunOf: string | undefined;
  readonly reruns: readonly string[];
  /** Finished with failed or missing requests: "Retry Failed Requests…" applies. */
  readonly retryable: boolean;
  readonly rawJson: string;
}

/** What the panel shows of a batch that breaks the schema: which fields are wrong, and the raw JSON. */
export interface UnreadableModel {
  readonly id: string;
  readonly problems: readonly string[];
  readonly rawJson: string;
}

/** The texts the page builds itself, in the display language (sent with each batch message). */
export interface PanelStrings {
  readonly showRaw: string;
  readonly hideRaw: string;
  readonly couldNotBeRead: string;
  readonly bar: string;
  readonly copy: Readonly<Record<CopyField, string>>;
}

/** What the page may send; anything else is dropped by `parsePanelMessage` (panelMessages.ts). */
export type PanelMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'copy'; readonly field: CopyField }
  | { readonly type: 'openFile'; readonly field: FileField }
  | { readonly type: 'cancel' }
  | { readonly type: 'openResults' }
  | { readonly type: 'retryFailed' };

/** What the extension posts to a page (the last one is replayed after "ready"). */
export type PanelHostMessage =
  | { readonly type: 'batch'; readonly model: DetailsModel; readonly strings: PanelStrings }
  | { readonly type: 'unreadable'; readonly model: UnreadableModel; readonly strings: PanelStrings }
  | { readonly type: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly type: 'loading'; readonly loading: boolean };

/** What a page keeps with `setState` for its serializer after a window reload. */
export interface SavedPageState { readonly batchId: string }
