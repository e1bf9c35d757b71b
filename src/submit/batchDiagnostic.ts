/** What the batch-file validator reports: plain data, mapped to VS Code diagnostics by the view layer. */

export type BatchSeverity = 'error' | 'warning';

/** The rule a diagnostic comes from (shown as the diagnostic's code). */
export type BatchRuleCode =
  | 'invalid-json'
  | 'not-an-object'
  | 'custom-id-missing'
  | 'custom-id-not-string'
  | 'custom-id-empty'
  | 'custom-id-duplicate'
  | 'method-not-post'
  | 'url-unsupported'
  | 'body-missing'
  | 'body-not-object'
  | 'model-missing'
  | 'messages-missing'
  | 'messages-empty'
  | 'model-mismatch'
  | 'file-empty'
  | 'file-too-large'
  | 'parameter-unsupported'
  | 'line-too-large';

/** A range on one line: 0-based line, UTF-16 columns (as VS Code counts them), end exclusive. */
export interface LineSpan {
  readonly line: number;
  readonly startChar: number;
  readonly endChar: number;
}

export interface BatchDiagnostic extends LineSpan {
  readonly severity: BatchSeverity;
  readonly code: BatchRuleCode;
  readonly message: string;
  /** Another place that explains this one (e.g. the first use of a duplicated custom_id). */
  readonly related?: LineSpan & { readonly message: string };
}
