/**
 * Which state the batch view is in. Each non-ready state has its own welcome content
 * (package.json viewsWelcome), keyed on the `kimiBatches.state` context key.
 */
import type { MoonshotApiError } from '../api/errors';

export type ViewState =
  | 'loading'      // the account (settings, stored key) is still being read: no welcome page yet
  | 'noKey'        // no stored key and no MOONSHOT_API_KEY
  | 'keyRejected'  // 401, on any page: the key is wrong or from the other platform
  | 'forbidden'    // 403 before any row loaded, or during auto-refresh
  | 'quota'        // 429 exceeded_current_quota_error before any row loaded
  | 'empty'        // the account has no batches
  | 'ready';       // rows, or an error row, are shown

/** The states explained by a welcome page (package.json viewsWelcome): VS Code shows one only while the view has no rows and no message. */
export const WELCOME_STATES: ReadonlySet<ViewState> = new Set<ViewState>(['noKey', 'keyRejected', 'forbidden', 'quota', 'empty']);

export interface ViewStateInput {
  /** The account is still being read (startup): whether there is a key is not known yet. */
  readonly accountLoading?: boolean;
  readonly hasKey: boolean;
  readonly loaded: boolean;
  readonly rowCount: number;
  readonly error: MoonshotApiError | undefined;
  /** What met the error: auto-refresh ('poll') has no row of its own to show it on. */
  readonly errorDuring?: 'first' | 'more' | 'poll';
}

export function viewStateOf(input: ViewStateInput): ViewState {
  if (input.accountLoading) { return 'loading'; }
  if (!input.hasKey) { return 'noKey'; }
  const kind = input.error?.kind;
  if (kind === 'auth') { return 'keyRejected'; }
  if (kind === 'permission' && (input.rowCount === 0 || input.errorDuring === 'poll')) { return 'forbidden'; }
  if (input.rowCount === 0 && kind === 'quotaExceeded') { return 'quota'; }
  if (input.loaded && input.rowCount === 0 && input.error === undefined) { return 'empty'; }
  return 'ready';
}
