// What the results and compare pages' filter bar shares: the status line shown while loading or after an
// error, the count formatter, one filter chip (a radio button with its count) and the search box, which
// applies what was typed after a pause of 250 ms.
import type { Outcome } from '../../src/results/types';
import { byId, el, icon } from './dom';

/** The codicon of each outcome, on the chips, the rows and the detail. */
export const OUTCOME_ICON: Readonly<Record<Outcome, string>> = { succeeded: 'pass', failed: 'error', missing: 'circle-slash', orphan: 'question' };

const nf = new Intl.NumberFormat();
/** A count in the display language; '—' for none. */
export const num = (n: number | null | undefined): string => (typeof n === 'number' && Number.isFinite(n) ? nf.format(n) : '—');

/** The `#status` line: a spinner while loading, a warning and the `#reload` button after an error. */
export function showStatus(phase: 'loading' | 'error', message: string): void {
  const status = byId('status');
  status.hidden = false;
  status.className = `status ${phase}`;
  byId('status-text').textContent = message;
  const spin = status.querySelector('.codicon');
  if (spin) { spin.className = phase === 'error' ? 'codicon codicon-warning' : 'codicon codicon-loading codicon-modifier-spin'; }
  byId('reload').hidden = phase !== 'error';
}

export interface ChipOptions {
  /** The value the chip selects, its class and its `data-<dataKey>`. */
  readonly value: string;
  readonly dataKey: 'filter' | 'outcome';
  readonly selected: boolean;
  /** A codicon before the label, if any. */
  readonly icon?: string | undefined;
  readonly label: string;
  readonly count: number | undefined;
  readonly onClick: () => void;
}

/** One chip of the `#chips` radio group. */
export function chip(o: ChipOptions): HTMLButtonElement {
  const b = el('button', { className: `chip ${o.value}${o.selected ? ' selected' : ''}` });
  b.setAttribute('role', 'radio');
  b.setAttribute('aria-checked', String(o.selected));
  b.dataset[o.dataKey] = o.value;
  if (o.icon !== undefined) { b.appendChild(icon(o.icon)); }
  b.appendChild(el('span', { text: `${o.label} ` }));
  b.appendChild(el('span', { className: 'count', text: num(o.count) }));
  b.addEventListener('click', o.onClick);
  return b;
}

/** Calls `apply` with the `#search` box's text 250 ms after the last keystroke. */
export function onSearch(apply: (value: string) => void): void {
  let timer = 0;
  byId('search').addEventListener('input', (e) => {
    clearTimeout(timer);
    const value = (e.target as HTMLInputElement).value;
    timer = window.setTimeout(() => { apply(value); }, 250);
  });
}

/** Shows the host's search text in the `#search` box unless the user is typing in it. */
export function showSearch(search: string): void {
  const box = byId<HTMLInputElement>('search');
  if (document.activeElement !== box && box.value !== search) { box.value = search; }
}
