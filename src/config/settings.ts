/** The extension's settings, read in one place. Schema: package.json `contributes.configuration`. */
import * as vscode from 'vscode';

export const SECTION = 'kimiBatches';

export interface Settings {
  /** As typed by the user; normalised (and checked) by the API layer. */
  readonly baseUrl: string;
  readonly pageSize: number;
  readonly requestTimeoutMs: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  // baseUrl is application-scoped: read the user (global) value only, so no workspace can redirect the key.
  const baseUrl = c.inspect<string>('baseUrl');
  const pageSize = c.get<number>('pageSize', 20);
  const timeout = c.get<number>('requestTimeoutSeconds', 30);
  return {
    baseUrl: (baseUrl?.globalValue ?? baseUrl?.defaultValue ?? 'https://api.moonshot.ai/v1').trim(),
    pageSize: Number.isInteger(pageSize) ? Math.min(100, Math.max(1, pageSize)) : 20,
    requestTimeoutMs: Math.min(600, Math.max(1, Number(timeout) || 30)) * 1000,
  };
}

/** Settings that need a new client and a reload of the list. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return ['baseUrl', 'pageSize', 'requestTimeoutSeconds'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** `kimiBatches.cache.maxMegabytes` in bytes: the bound of the downloaded-files cache (read on each use). */
export function cacheMaxBytes(): number {
  const mb = vscode.workspace.getConfiguration(SECTION).get<number>('cache.maxMegabytes', 1024);
  return Math.max(0, Number.isFinite(mb) ? mb : 1024) * 1024 * 1024;
}

/** `kimiBatches.rowDetail.metadataKey`: the metadata key whose value a row shows after its status ('' shows none). */
export function rowDetailKey(): string {
  const key = vscode.workspace.getConfiguration(SECTION).get<string>('rowDetail.metadataKey', 'description');
  return typeof key === 'string' ? key.trim() : 'description';
}
