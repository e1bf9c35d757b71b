/**
 * What each setting accepts and how a workspace value may combine with the user's, free of vscode
 * so every rule is unit-tested. `src/config/settings.ts` reads the raw values and applies these.
 *
 * A value of the wrong type, not finite, or out of range is invalid: the default is used and the
 * caller warns once naming the setting and the value. A workspace (`.vscode/settings.json`, which
 * anyone's repository may carry) may only make things calmer or safer, never busier:
 * - application-scoped settings (`user`): the user's value only; a workspace value is ignored;
 * - `slower`: the larger of the user's and the workspace's value (an interval: a workspace may
 *   slow polling down or turn it off (0), never speed it up);
 * - `smaller`: the smaller of both (a confirmation threshold: a workspace may ask more often);
 * - `workspace`: a workspace value wins, as usual (display-only settings).
 * In an untrusted workspace (Restricted Mode) no workspace value is read at all.
 */
import { isObject } from '../shared/json';

export type SettingKey =
  | 'baseUrl' | 'pageSize' | 'requestTimeoutSeconds' | 'autoRefresh.intervalSeconds' | 'notifications.onFinish'
  | 'files.confirmAboveMegabytes' | 'cache.maxMegabytes' | 'pricing' | 'validation.enabled' | 'rowDetail.metadataKey'
  | 'balance.warnBelow';

export type SettingValue = string | number | boolean | Readonly<Record<string, unknown>>;

export type Combine = 'user' | 'slower' | 'smaller' | 'workspace';

export interface SettingRule<T extends SettingValue> {
  readonly defaultValue: T;
  readonly combine: Combine;
  /** The value if `raw` is acceptable, else undefined. */
  check(raw: unknown): T | undefined;
}

const number = (min: number, max: number, integer = false) => (raw: unknown): number | undefined =>
  typeof raw === 'number' && Number.isFinite(raw) && raw >= min && raw <= max && (!integer || Number.isInteger(raw)) ? raw : undefined;
const boolean = (raw: unknown): boolean | undefined => (typeof raw === 'boolean' ? raw : undefined);
const string = (raw: unknown): string | undefined => (typeof raw === 'string' ? raw : undefined);
const plainObject = (raw: unknown): Readonly<Record<string, unknown>> | undefined => (isObject(raw) ? raw : undefined);

/** The largest size in megabytes any size setting accepts (1 TB): bytes stay exact integers. */
export const MAX_MEGABYTES = 1024 * 1024;

export interface SettingTypes {
  readonly baseUrl: string;
  readonly pageSize: number;
  readonly requestTimeoutSeconds: number;
  readonly 'autoRefresh.intervalSeconds': number;
  readonly 'notifications.onFinish': boolean;
  readonly 'files.confirmAboveMegabytes': number;
  readonly 'cache.maxMegabytes': number;
  readonly pricing: Readonly<Record<string, unknown>>;
  readonly 'validation.enabled': boolean;
  readonly 'rowDetail.metadataKey': string;
  readonly 'balance.warnBelow': number;
}

export const SETTING_RULES: { readonly [K in SettingKey]: SettingRule<SettingTypes[K]> } = {
  baseUrl: { defaultValue: 'https://api.moonshot.ai/v1', combine: 'user', check: string },
  pageSize: { defaultValue: 20, combine: 'user', check: number(1, 100, true) },
  requestTimeoutSeconds: { defaultValue: 30, combine: 'user', check: number(1, 600) },
  'autoRefresh.intervalSeconds': { defaultValue: 30, combine: 'slower', check: number(0, 3600) },
  'notifications.onFinish': { defaultValue: true, combine: 'workspace', check: boolean },
  'files.confirmAboveMegabytes': { defaultValue: 20, combine: 'smaller', check: number(0, MAX_MEGABYTES) },
  'cache.maxMegabytes': { defaultValue: 1024, combine: 'user', check: number(0, MAX_MEGABYTES) },
  pricing: { defaultValue: {}, combine: 'workspace', check: plainObject },
  'validation.enabled': { defaultValue: true, combine: 'workspace', check: boolean },
  'rowDetail.metadataKey': { defaultValue: 'description', combine: 'workspace', check: string },
  // The user's account, the user's threshold: a repository has no say in it.
  'balance.warnBelow': { defaultValue: 0, combine: 'user', check: number(0, 1e9) },
};

/** The raw values of one setting, as `WorkspaceConfiguration.inspect` reports them. */
export interface RawSetting {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** A value that was set but is not acceptable. */
export interface InvalidSetting {
  readonly key: SettingKey;
  readonly value: unknown;
}

export interface Resolved<T> {
  readonly value: T;
  /** Values that were set but rejected (each falls back: to the user's value, or the default). */
  readonly invalid: readonly InvalidSetting[];
}

/**
 * The value to use for `key`: the user's checked value (or the default), combined with the
 * workspace's checked value per the setting's rule when the workspace is trusted.
 */
export function resolveSetting<K extends SettingKey>(key: K, raw: RawSetting | undefined, trusted: boolean): Resolved<SettingTypes[K]> {
  const rule = SETTING_RULES[key] as SettingRule<SettingValue>;
  const invalid: InvalidSetting[] = [];
  const checked = (v: unknown): SettingValue | undefined => {
    if (v === undefined) { return undefined; }
    const ok = rule.check(v);
    if (ok === undefined) { invalid.push({ key, value: v }); }
    return ok;
  };
  const user = checked(raw?.globalValue) ?? rule.defaultValue;
  let value: SettingValue = user;
  if (trusted && rule.combine !== 'user') {
    // The folder's value is more specific than the workspace's, as in VS Code.
    const folder = checked(raw?.workspaceFolderValue);
    const workspace = folder ?? checked(raw?.workspaceValue);
    if (workspace !== undefined) { value = combine(rule.combine, user, workspace); }
  }
  return { value: value as SettingTypes[K], invalid };
}

function combine(how: Combine, user: SettingValue, workspace: SettingValue): SettingValue {
  if (typeof user !== 'number' || typeof workspace !== 'number') { return how === 'user' ? user : workspace; }
  switch (how) {
    case 'user': return user;
    // 0 turns auto-refresh off: the slowest of all.
    case 'slower': return user === 0 || workspace === 0 ? 0 : Math.max(user, workspace);
    case 'smaller': return Math.min(user, workspace);
    case 'workspace': return workspace;
  }
}

/** The setting and its value as the warning names them (`"fast"`, `1e+400` as written: Infinity). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') { return String(value); }
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return String(value);
  }
}
