/**
 * Logs what a list page could not show cleanly — odd values the schema allows (`object` other than
 * "list"), entries read as UnreadableBatch, entries skipped for want of an id — once each, so that
 * auto-refresh and paging do not repeat the same line on every load.
 */
import { BatchPage, entriesOf, isUnreadable } from '../api/types';

/** Bounded: a server that sends a different odd value every time cannot grow it forever. */
const MAX_REMEMBERED = 1_000;

export class PageProblemLog {
  private readonly logged = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  report(page: BatchPage): void {
    for (const w of page.warnings ?? []) { this.once(`List response: ${w}`); }
    for (const e of entriesOf(page)) {
      if (isUnreadable(e)) { this.once(`Batch ${e.id} could not be read: ${e.problems.join('; ')}. Raw: ${JSON.stringify(e.raw)}`); }
    }
    for (const s of page.skipped ?? []) { this.once(`A batch in the list could not be read and is not shown: ${s}`); }
  }

  private once(line: string): void {
    if (this.logged.has(line)) { return; }
    if (this.logged.size >= MAX_REMEMBERED) { this.logged.clear(); }
    this.logged.add(line);
    this.write(line);
  }
}
