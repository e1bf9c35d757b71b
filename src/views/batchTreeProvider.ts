/**
 * The Batches tree. getChildren only renders what the pager holds (and starts page 1 the first
 * time); Load more / refresh go through the pager and then fire a change (AWS's split of "load"
 * from "render"). Batch nodes are kept per id so that a change to one
 * batch re-renders one row.
 */
import * as vscode from 'vscode';
import { describeKind } from '../api/errors';
import { Batch, UnreadableBatch, isUnreadable } from '../api/types';
import type { AccountState } from '../account/accountService';
import { contextValueOf } from '../model/batchFacts';
import { rowDescription, rowTooltipMarkdown, unreadableDescription, unreadableTooltipMarkdown } from '../model/batchDescription';
import type { BatchPager } from '../model/batchPager';
import { passesStatusFilter, rowDetailOf } from '../model/batchFilter';
import { statusIcon } from './statusIcons';
import { BatchLinks, linksTo, NO_LINKS } from '../model/batchLinks';
import { OWN_ROW_IDS, batchRowId } from '../model/rowIds';

export type TreeNode =
  | { readonly kind: 'batch'; readonly id: string }
  | { readonly kind: 'loadMore' }
  | { readonly kind: 'loadError' }
  | { readonly kind: 'configError' }
  | { readonly kind: 'notice' }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'filteredOut' };

export const LOAD_MORE: TreeNode = { kind: 'loadMore' };
const LOAD_ERROR: TreeNode = { kind: 'loadError' };
const CONFIG_ERROR: TreeNode = { kind: 'configError' };
const NOTICE: TreeNode = { kind: 'notice' };
const SKIPPED: TreeNode = { kind: 'skipped' };
const FILTERED_OUT: TreeNode = { kind: 'filteredOut' };

/** What the rows show beyond the pager's data: the status filter and the metadata key of a row's detail. */
export interface RowOptions {
  /** The statuses shown (empty: all). */
  readonly statuses: () => ReadonlySet<string>;
  /** The metadata key whose value a row shows after its status ('' for none). */
  readonly detailKey: () => string;
}

const NO_OPTIONS: RowOptions = { statuses: () => new Set(), detailKey: () => 'description' };

export class BatchTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, TreeNode>();
  private hidden = false;
  /** Batches that appeared by themselves (auto-refresh): marked "new" until selected or refreshed. */
  private readonly fresh = new Set<string>();

  /**
   * @param eta the estimated finish of a running batch, when one is known
   */
  constructor(
    private readonly account: () => AccountState,
    private readonly eta: (batch: Batch) => string | undefined = () => undefined,
    private readonly now: () => number = () => Date.now() / 1000,
    private readonly options: RowOptions = NO_OPTIONS,
  ) {}

  /** Marks rows "new" (created elsewhere, found by auto-refresh). */
  markNew(ids: readonly string[]): void { for (const id of ids) { this.fresh.add(id); } }

  /** Drops the "new" marks of these rows (seen), or of every row; re-renders the rows that had one. */
  clearNew(ids?: readonly string[]): void {
    const dropped = (ids ?? [...this.fresh]).filter((id) => this.fresh.delete(id));
    this.refreshBatches(dropped);
  }

  /** Every row is a root row. */
  getParent(): undefined { return undefined; }

  /** Whether rows are withheld (a welcome state such as a rejected key is showing). */
  setHidden(hidden: boolean): void {
    if (this.hidden !== hidden) { this.hidden = hidden; this.refreshAll(); }
  }

  refreshAll(): void { this.changed.fire(undefined); }

  refreshBatches(ids: readonly string[]): void {
    const nodes = ids.map((id) => this.nodes.get(id)).filter((n): n is TreeNode => n !== undefined);
    if (nodes.length > 0) { this.changed.fire(nodes); }
  }

  /** The node object VS Code knows for a batch id (for reveal and selection). */
  nodeFor(id: string): TreeNode | undefined { return this.nodes.get(id); }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (element) { return []; }
    const state = this.account();
    if (state.kind === 'configError') { return [CONFIG_ERROR]; }
    if (state.kind !== 'ready' || this.hidden) { return []; }
    const pager = state.pager;
    if (!pager.hasLoaded && !pager.error) {
      await pager.loadFirst(); // VS Code shows the view's progress bar while this is pending
      if (this.hidden) { return []; }
    }
    return this.rows(pager);
  }

  private rows(pager: BatchPager): TreeNode[] {
    if (!pager.hasLoaded) {
      // A welcome view explains these; an error row would hide it.
      const welcome = new Set(['auth', 'permission', 'quotaExceeded']);
      return pager.error && !welcome.has(pager.error.error.kind) ? [LOAD_ERROR] : [];
    }
    const out: TreeNode[] = [];
    const live = new Set<string>();
    const statuses = this.options.statuses();
    for (const b of pager.entries) {
      // Read once: a batch's id is a new string at each read, and the node, its key and `live` share this one.
      const id = b.id;
      let node = this.nodes.get(id);
      if (!node) { node = { kind: 'batch', id }; this.nodes.set(id, node); }
      live.add(id);
      // A filter shows readable batches of the chosen statuses; an unreadable one has no status to match.
      if (statuses.size > 0 && (isUnreadable(b) || !passesStatusFilter(b, statuses))) { continue; }
      out.push(node);
    }
    for (const id of [...this.nodes.keys()]) { if (!live.has(id)) { this.nodes.delete(id); this.fresh.delete(id); } }
    if (statuses.size > 0 && out.length === 0 && pager.entries.length > 0) { out.push(FILTERED_OUT); }
    if (pager.skipped.length > 0) { out.push(SKIPPED); }
    if (pager.hasMore) { out.push(LOAD_MORE); }
    if (pager.endNotice) { out.push(NOTICE); }
    return out;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = this.account();
    const pager = state.kind === 'ready' ? state.pager : undefined;
    switch (node.kind) {
      case 'batch': return this.batchItem(node.id, pager);
      case 'loadMore': return loadMoreItem(pager);
      case 'loadError': return loadErrorItem(pager);
      case 'configError': return configErrorItem(state);
      case 'skipped': return skippedItem(pager);
      case 'filteredOut': return filteredOutItem(pager, this.options.statuses().size);
      case 'notice': {
        const item = new vscode.TreeItem(vscode.l10n.t('Paging stopped early'), vscode.TreeItemCollapsibleState.None);
        item.id = OWN_ROW_IDS.notice;
        item.description = pager?.endNotice;
        item.tooltip = pager?.endNotice;
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'notice';
        return item;
      }
    }
  }

  /** Builds a batch row's Markdown tooltip only when VS Code is about to show it. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind !== 'batch') { return item; }
    const state = this.account();
    const entry = state.kind === 'ready' ? state.pager.entry(node.id) : undefined;
    if (entry && isUnreadable(entry)) { item.tooltip = plainMarkdown(unreadableTooltipMarkdown(entry)); }
    else if (entry && state.kind === 'ready') { item.tooltip = batchTooltip(entry, this.now(), this.eta(entry), linksTo(entry.id, state.pager.batches)); }
    return item;
  }

  private batchItem(id: string, pager: BatchPager | undefined): vscode.TreeItem {
    const batch = pager?.entry(id);
    // The schema allows an empty id: it still gets a visible label and a row of its own.
    const item = new vscode.TreeItem(id === '' ? vscode.l10n.t('(empty id)') : id, vscode.TreeItemCollapsibleState.None);
    item.id = batchRowId(id);
    if (!batch) { return item; }
    if (isUnreadable(batch)) { return unreadableItem(item, batch); }
    const detail = rowDetailOf(batch, this.options.detailKey());
    item.description = rowDescription(batch, this.now(), vscode.env.language, { detail, isNew: this.fresh.has(id) });
    // The tooltip (every field) is built on hover, in resolveTreeItem.
    item.iconPath = statusIcon(batch);
    item.contextValue = contextValueOf(batch);
    item.accessibilityInformation = { label: `${id}, ${item.description}` };
    item.command = { command: 'kimiBatches.openBatchDetails', title: vscode.l10n.t('Open Batch Details'), arguments: [id] };
    return item;
  }

  dispose(): void { this.changed.dispose(); }
}

export function batchTooltip(batch: Batch, now: number, eta?: string, links: BatchLinks = NO_LINKS): vscode.MarkdownString {
  return plainMarkdown(rowTooltipMarkdown(batch, now, vscode.env.language, undefined, eta, links));
}

/** API text inside: no HTML, no command links. */
function plainMarkdown(text: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(text);
  tooltip.supportHtml = false;
  tooltip.isTrusted = false;
  return tooltip;
}

/** A batch that breaks the schema: flagged, openable (the panel shows what is wrong), nothing else. */
function unreadableItem(item: vscode.TreeItem, entry: UnreadableBatch): vscode.TreeItem {
  item.description = unreadableDescription(entry);
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.contextValue = 'unreadableBatch';
  item.accessibilityInformation = { label: `${entry.id}, ${item.description}` };
  item.command = { command: 'kimiBatches.openBatchDetails', title: vscode.l10n.t('Open Batch Details'), arguments: [entry.id] };
  return item;
}

/** "1 batch in this page could not be read — Show Log": entries without an id cannot be rows. */
function skippedItem(pager: BatchPager | undefined): vscode.TreeItem {
  const n = pager?.skipped.length ?? 0;
  const inLoadedPages = (pager?.pagesWithSkippedEntries ?? 0) > 1;
  const text = n === 1
    ? (inLoadedPages ? vscode.l10n.t('1 batch in the loaded pages could not be read — Show Log') : vscode.l10n.t('1 batch in this page could not be read — Show Log'))
    : (inLoadedPages ? vscode.l10n.t('{0} batches in the loaded pages could not be read — Show Log', n) : vscode.l10n.t('{0} batches in this page could not be read — Show Log', n));
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.id = OWN_ROW_IDS.skipped;
  item.tooltip = [...(pager?.skipped ?? [])].join('\n');
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.contextValue = 'skippedNotice';
  item.command = { command: 'kimiBatches.showLog', title: vscode.l10n.t('Show Log') };
  return item;
}

/** Every loaded row is hidden by the status filter: say so, and offer the next page (or clearing the filter). */
function filteredOutItem(pager: BatchPager | undefined, statusCount: number): vscode.TreeItem {
  const more = pager?.hasMore ?? false;
  const text = statusCount === 1 ? vscode.l10n.t('No loaded batch has the filtered status') : vscode.l10n.t('No loaded batch has one of the filtered statuses');
  const item = new vscode.TreeItem(more ? vscode.l10n.t('{0} — Load more', text) : vscode.l10n.t('{0} — Clear Filter', text), vscode.TreeItemCollapsibleState.None);
  item.id = OWN_ROW_IDS.filteredOut;
  item.description = vscode.l10n.t('{0} loaded', pager?.batches.length ?? 0);
  item.tooltip = more ? vscode.l10n.t('Load the next page of batches') : vscode.l10n.t('Show batches of every status');
  item.iconPath = new vscode.ThemeIcon('filter');
  item.contextValue = 'filteredOut';
  item.command = more ? { command: 'kimiBatches.loadMore', title: vscode.l10n.t('Load More Batches') } : { command: 'kimiBatches.clearFilter', title: vscode.l10n.t('Clear Filter') };
  return item;
}

function loadMoreItem(pager: BatchPager | undefined): vscode.TreeItem {
  const loading = pager?.loading === 'more';
  const failed = !loading && pager?.error?.during === 'more' ? pager.error.error : undefined;
  const item = new vscode.TreeItem(loading ? vscode.l10n.t('Loading more…') : failed ? vscode.l10n.t('Load more (last attempt failed — click to retry)') : vscode.l10n.t('Load more'),
    vscode.TreeItemCollapsibleState.None);
  item.id = OWN_ROW_IDS.loadMore;
  item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : failed ? 'warning' : 'ellipsis');
  item.description = loading ? undefined : vscode.l10n.t('{0} loaded', pager?.batches.length ?? 0);
  item.tooltip = failed ? failed.message : vscode.l10n.t('Load the next page of batches');
  item.contextValue = 'loadMore';
  // Clicking while loading calls the pager, which joins the running load: no second request.
  item.command = { command: 'kimiBatches.loadMore', title: vscode.l10n.t('Load More Batches') };
  return item;
}

function loadErrorItem(pager: BatchPager | undefined): vscode.TreeItem {
  const error = pager?.error?.error;
  const item = new vscode.TreeItem(vscode.l10n.t('Failed to load batches — click to retry'), vscode.TreeItemCollapsibleState.None);
  item.id = OWN_ROW_IDS.loadError;
  item.description = error ? describeKind(error.kind) : undefined;
  item.tooltip = error ? `${error.message}${error.requestId ? `\n${vscode.l10n.t('Request id: {0}', error.requestId)}` : ''}` : undefined;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  item.contextValue = 'loadError';
  item.command = { command: 'kimiBatches.refresh', title: vscode.l10n.t('Retry') };
  return item;
}

function configErrorItem(state: AccountState): vscode.TreeItem {
  const message = state.kind === 'configError' ? state.error.message : '';
  const item = new vscode.TreeItem(vscode.l10n.t('Invalid settings — click to open'), vscode.TreeItemCollapsibleState.None);
  item.id = OWN_ROW_IDS.configError;
  item.description = message;
  item.tooltip = message;
  item.iconPath = new vscode.ThemeIcon('gear', new vscode.ThemeColor('testing.iconFailed'));
  item.contextValue = 'configError';
  item.command = { command: 'kimiBatches.openSettings', title: vscode.l10n.t('Open Settings') };
  return item;
}
