/**
 * Brings a batch's input, output and error files into the local cache: cached files cost no request;
 * missing ones are sized first (the size confirmation of `kimiBatches.files.confirmAboveMegabytes`),
 * then streamed to disk under one cancellable progress notification that counts bytes. A file that is
 * gone (404: expired or deleted) is explained and the others are still used.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../../api/errors';
import type { Batch } from '../../api/types';
import type { AccountService, AccountState } from '../../account/accountService';
import { bytes } from '../../model/formatting';
import { confirmAboveBytes } from '../../config/settings';
import type { Logger } from '../../log/logger';
import type { FileCache } from '../../results/fileCache';
import type { ResultFileKind, ResultFilePaths } from '../../results/types';

export interface ResultFilesOutcome {
  readonly paths: ResultFilePaths;
  /** One sentence per file that could not be used. */
  readonly notices: readonly string[];
  /** The user declined the download or cancelled it. */
  readonly cancelled: boolean;
  /**
   * Lets the cache evict these files again. They are held from the first look-up on, so that a small
   * cache bound cannot evict one file of the batch while the next one downloads; the caller releases
   * them when it no longer reads them.
   */
  readonly release: () => void;
}

const KINDS: readonly ResultFileKind[] = ['input', 'output', 'error'];

type ReadyClient = Extract<AccountState, { kind: 'ready' }>['client'];

function fileIdOf(batch: Batch, kind: ResultFileKind): string | null {
  return kind === 'input' ? batch.inputFileId || null : kind === 'output' ? batch.outputFileId : batch.errorFileId;
}

export class ResultFiles {
  constructor(private readonly account: AccountService, private readonly cache: FileCache, private readonly logger: Logger) {}

  async fetch(batch: Batch, signal?: AbortSignal): Promise<ResultFilesOutcome> {
    const state = this.account.state;
    if (state.kind !== 'ready') { return { paths: {}, notices: [vscode.l10n.t('Set a Moonshot API key first (Kimi Batches: Set API Key).')], cancelled: true, release: () => undefined }; }
    const { client, host } = state;
    const ids = KINDS.map((k) => fileIdOf(batch, k)).filter((id): id is string => id !== null);
    const release = this.cache.hold(ids.map((id) => this.cache.pathOf(host, id)));
    try {
      const outcome = await this.bring(batch, client, host, signal);
      return { ...outcome, release };
    } catch (e) {
      release();
      throw e;
    }
  }

  private async bring(batch: Batch, client: ReadyClient, host: string, signal: AbortSignal | undefined): Promise<Omit<ResultFilesOutcome, 'release'>> {
    const paths: Partial<Record<ResultFileKind, string>> = {};
    const notices: string[] = [];
    const missing: Array<{ kind: ResultFileKind; id: string; size: number | undefined }> = [];
    for (const kind of KINDS) {
      const id = fileIdOf(batch, kind);
      if (!id) { continue; }
      const hit = await this.cache.lookup(host, id);
      if (hit) { paths[kind] = hit.path; } else { missing.push({ kind, id, size: undefined }); }
    }
    if (missing.length === 0) { return { paths, notices, cancelled: false }; }

    const gone = (kind: ResultFileKind, id: string): string => vscode.l10n.t('The {0} file {1} no longer exists (expired or deleted).', kindText(kind), id);
    const goneIds = new Set<string>();
    const result = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, cancellable: true, title: vscode.l10n.t('Results of {0}', batch.id),
    }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      // The panel closing (or reloading) cancels too.
      const onOuter = (): void => controller.abort();
      signal?.addEventListener('abort', onOuter, { once: true });
      try {
        progress.report({ message: 'checking file sizes…' });
        for (const m of missing) {
          try {
            m.size = (await client.getFile(m.id, { signal: controller.signal })).bytes;
          } catch (e) {
            if (e instanceof MoonshotApiError && e.kind === 'notFound') { goneIds.add(m.id); notices.push(gone(m.kind, m.id)); continue; }
            throw e;
          }
        }
        const wanted = missing.filter((m) => !goneIds.has(m.id));
        const limit = confirmAboveBytes();
        const total = wanted.reduce((s, m) => s + (m.size ?? 0), 0);
        if (limit > 0 && wanted.some((m) => (m.size ?? 0) > limit)) {
          const download = vscode.l10n.t('Download');
          const go = await vscode.window.showWarningMessage(
            vscode.l10n.t('The files of {0} are {1} ({2}). Download them?', batch.id, bytes(total), wanted.map((m) => `${kindText(m.kind)} ${bytes(m.size ?? 0)}`).join(', ')),
            { modal: true, detail: vscode.l10n.t('They are kept in a local cache (kimiBatches.cache.maxMegabytes), so the next open costs no request.') }, download);
          if (go !== download) { return 'declined' as const; }
        }
        let done = 0;
        let reported = 0;
        for (const m of wanted) {
          try {
            const entry = await this.cache.fetch(host, m.id, (signal) => client.downloadFileContent(m.id, { signal }), {
              signal: controller.signal,
              onProgress: (written) => {
                const now = done + written;
                // Progress increments are relative; report whole percents only, to keep the UI calm.
                const percent = total > 0 ? Math.floor((now / total) * 100) : 0;
                if (percent > reported || written === 0) {
                  progress.report({ message: vscode.l10n.t('{0} file · {1} of {2}', kindText(m.kind), bytes(now), bytes(total)), increment: Math.max(0, percent - reported) });
                  reported = Math.max(reported, percent);
                }
              },
            });
            done += entry.bytes;
            paths[m.kind] = entry.path;
            this.logger.info(`Downloaded the ${m.kind} file ${m.id} of ${batch.id} (${bytes(entry.bytes)}) to the cache.`);
          } catch (e) {
            if (e instanceof MoonshotApiError && e.kind === 'notFound') { goneIds.add(m.id); notices.push(gone(m.kind, m.id)); continue; }
            throw e;
          }
        }
        return 'done' as const;
      } catch (e) {
        if (controller.signal.aborted) { return 'declined' as const; }
        throw e;
      } finally {
        sub.dispose();
        signal?.removeEventListener('abort', onOuter);
      }
    });
    return { paths, notices, cancelled: result === 'declined' };
  }
}

/** "output", "error", "input" in the display language (the kind itself stays the English key). */
function kindText(kind: ResultFileKind): string {
  return kind === 'output' ? vscode.l10n.t('output') : kind === 'error' ? vscode.l10n.t('error') : vscode.l10n.t('input');
}
