/**
 * The extension's settings, read in one place (schema: package.json `contributes.configuration`).
 * Every read goes through `setting()`: the rules of `src/model/settingsRules.ts` check each value
 * (type, finite, range) and decide what a workspace may change; an invalid value falls back with
 * one warning per setting and value.
 *
 * Scopes, chosen so a repository's `.vscode/settings.json` cannot make the extension busier with
 * the user's key (a workspace is anyone's; Restricted Mode does not stop it from being read):
 * - `application` (only the user's value is read, as VS Code ignores a workspace's): `baseUrl`
 *   (where the key goes), `pageSize` and `requestTimeoutSeconds` (the shape of every request, one
 *   account per host), `cache.maxMegabytes` (one cache in the global storage for every window);
 * - `window`, listed in `capabilities.untrustedWorkspaces.restrictedConfigurations` (no workspace
 *   value at all in Restricted Mode) and combined so a trusted workspace can only make things
 *   calmer: `autoRefresh.intervalSeconds` (the slower of user and workspace; a workspace may slow
 *   polling or turn it off, never speed it up), `files.confirmAboveMegabytes` (the smaller: a
 *   workspace may ask before smaller downloads, never skip the question), `pricing` (estimates
 *   shown as the user's own);
 * - `window`, not restricted: `notifications.onFinish`, `validation.enabled`,
 *   `rowDetail.metadataKey` (display only: no request, no cost).
 */
import * as vscode from 'vscode';
import { SettingKey, SettingTypes, describeValue, resolveSetting } from '../model/settingsRules';

export const SECTION = 'kimiBatches';

/** (setting, value) pairs already warned about in this window. */
const warned = new Set<string>();

/** The checked value of `kimiBatches.<key>`; an invalid value is warned about once and replaced. */
export function setting<K extends SettingKey>(key: K): SettingTypes[K] {
  const raw = vscode.workspace.getConfiguration(SECTION).inspect(key);
  const { value, invalid } = resolveSetting(key, raw, vscode.workspace.isTrusted);
  for (const bad of invalid) {
    const text = describeValue(bad.value);
    const id = `${bad.key}=${text}`;
    if (warned.has(id)) { continue; }
    warned.add(id);
    void vscode.window.showWarningMessage(vscode.l10n.t('Kimi Batches: the setting {0} has an invalid value ({1}); it is ignored.', `${SECTION}.${bad.key}`, text));
  }
  return value;
}

export interface Settings {
  /** As typed by the user; normalised (and checked) by the API layer. */
  readonly baseUrl: string;
  readonly pageSize: number;
  readonly requestTimeoutMs: number;
}

export function readSettings(): Settings {
  return {
    baseUrl: setting('baseUrl').trim(),
    pageSize: setting('pageSize'),
    requestTimeoutMs: setting('requestTimeoutSeconds') * 1000,
  };
}

/** Sets `kimiBatches.baseUrl` in the user settings (application scope: the only place it is read from). */
export async function setBaseUrl(url: string): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('baseUrl', url, vscode.ConfigurationTarget.Global);
}

/** Settings that need a new client and a reload of the list. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return ['baseUrl', 'pageSize', 'requestTimeoutSeconds'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** `kimiBatches.cache.maxMegabytes` in bytes: the bound of the downloaded-files cache (read on each use). */
export function cacheMaxBytes(): number {
  return setting('cache.maxMegabytes') * 1024 * 1024;
}

/** `kimiBatches.rowDetail.metadataKey`: the metadata key whose value a row shows after its status ('' shows none). */
export function rowDetailKey(): string {
  return setting('rowDetail.metadataKey').trim();
}

/** `kimiBatches.autoRefresh.intervalSeconds`: 0 (off) to 3600. */
export function autoRefreshIntervalSeconds(): number {
  return setting('autoRefresh.intervalSeconds');
}

/** `kimiBatches.notifications.onFinish`. */
export function notifyOnFinish(): boolean {
  return setting('notifications.onFinish');
}

/** `kimiBatches.validation.enabled`. */
export function validationEnabled(): boolean {
  return setting('validation.enabled');
}

/** `kimiBatches.files.confirmAboveMegabytes` in bytes; 0: never ask. */
export function confirmAboveBytes(): number {
  return setting('files.confirmAboveMegabytes') * 1024 * 1024;
}

/** `kimiBatches.pricing`, checked to be an object; its entries are read by the results panel. */
export function pricingSetting(): Readonly<Record<string, unknown>> {
  return setting('pricing');
}
