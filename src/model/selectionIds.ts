/**
 * The ids a copy command takes from several selected rows: those of the rows that have one (each
 * once), and how many selected batches had none, so the command can say so.
 */
export interface SelectionIds {
  /** The ids to copy, in selection order, each once. */
  readonly ids: readonly string[];
  /** Selected batches without such an id. */
  readonly without: number;
  /** Selected batches (rows that are not batches, or no longer loaded, are not counted). */
  readonly batches: number;
}

export function selectionIds<B>(selected: ReadonlyArray<B | undefined>, pick: (b: B) => string | null): SelectionIds {
  const ids: string[] = [];
  let batches = 0;
  let without = 0;
  for (const b of selected) {
    if (b === undefined) { continue; }
    batches++;
    const id = pick(b);
    if (!id) { without++; continue; }
    if (!ids.includes(id)) { ids.push(id); }
  }
  return { ids, without, batches };
}
