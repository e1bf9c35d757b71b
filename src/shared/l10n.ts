/**
 * Translation for the vscode-free layers (model, results): the extension installs `vscode.l10n.t` at
 * activation; unit tests and scripts keep the English formatter. Messages use `{0}` placeholders, as
 * `vscode.l10n.t` does, so the same string is the key of `l10n/bundle.l10n.*.json`.
 */
export type Localize = (message: string, ...args: Array<string | number | boolean>) => string;

/** English: the message itself with `{n}` replaced by its argument. */
export const englishLocalize: Localize = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });

let current: Localize = englishLocalize;

/** Named `l10n.t` so that the bundle extractor (`@vscode/l10n-dev`) finds these calls too. */
export const l10n = {
  t: (message: string, ...args: Array<string | number | boolean>): string => current(message, ...args),
};

/** Installs the host's translator (the extension passes `vscode.l10n.t`). */
export function setLocalize(localize: Localize): void { current = localize; }
