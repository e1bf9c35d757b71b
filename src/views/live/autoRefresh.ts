/**
 * The poller of the current account, wired to the real clock, the client and the pager: it looks
 * after the loaded rows and the batch of every open panel, and reports what the user must know (a
 * quota stop; a rejected key or denied access goes to the view's welcome state via the pager).
 */
import * as vscode from 'vscode';
import type { MoonshotClient } from '../../api/client';
import type { BatchPager } from '../../model/batchPager';
import { isRunning } from '../../model/batchFacts';
import { LivePoller, PollerEvent } from '../../model/livePoller';
import { pagerLiveSource } from '../../model/pagerLiveSource';
import type { Timer } from '../../shared/timer';
import type { Logger } from '../../log/logger';
import { autoRefreshIntervalSeconds } from '../../config/settings';
import type { BatchPanels } from '../panel/batchPanels';

export function intervalSetting(): number {
  return autoRefreshIntervalSeconds();
}

export function createPoller(pager: BatchPager, client: MoonshotClient, panels: BatchPanels, viewVisible: () => boolean, timer: Timer): LivePoller {
  // One attempt per request: the poller has its own backoff.
  const source = pagerLiveSource(pager, {
    listFirstPage: (limit, signal) => client.listBatches({ limit, signal, noRetry: true }),
    getBatch: (id, signal) => client.getBatch(id, { signal, noRetry: true }),
  }, () => panels.openIds);
  return new LivePoller(source, timer, intervalSetting(), () => viewVisible() || panels.openBatches((id) => pager.latest(id)).some(isRunning));
}

/** Logs what the poller does and tells the user what stops it. */
export function reportPollerEvent(e: PollerEvent, pager: BatchPager, logger: Logger): void {
  if (e.kind === 'tick') {
    logger.info(`Auto-refresh: ${e.requests.map((r) => (r.kind === 'list' ? `list (covers ${r.covers.length})` : `get ${r.id}`)).join(', ')}`);
  } else if (e.kind === 'backoff') {
    logger.warn(`Auto-refresh waits ${Math.round(e.delayMs / 1000)} s: ${e.error.message}`);
  } else if (e.kind === 'skipped') {
    logger.warn(`Auto-refresh skipped ${e.id} this time: ${e.error.message}`);
  } else if (e.kind === 'stopped' && e.reason === 'quota') {
    logger.warn('Auto-refresh stopped: the account has no quota left.');
    void vscode.window.showWarningMessage(vscode.l10n.t('Kimi Batches stopped refreshing running batches: the account has no quota left (balance insufficient or suspended). Refresh by hand after topping up.'));
  } else if (e.kind === 'stopped' && e.error && (e.reason === 'auth' || e.reason === 'permission')) {
    logger.warn(`Auto-refresh stopped: ${e.error.message}`);
    pager.reportPollError(e.error);
  }
}
