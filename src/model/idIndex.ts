/**
 * Batch ids to slots 0, 1, 2… (in the order the ids were first added), for the 10,000 rows of a loaded
 * list. What a Map<string, number> does, outside the JS heap: the ids' code units in a TextStore, and
 * per slot its start, length and hash in typed arrays, with an open-addressing table of slot numbers.
 * A Map of 10,000 ids holds their strings and ~460 KB of hash table, all of it for the garbage
 * collector to copy while the list loads; this holds none (see TextStore for why that matters).
 */
import { TextStore } from '../shared/textStore';

/** FNV-1a over the UTF-16 code units of `id`. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

const INITIAL_CAPACITY = 16;

export class IdIndex {
  // Stryker disable next-line ArithmeticOperator: the first room for ids' text; the store grows as needed
  private readonly text = new TextStore(INITIAL_CAPACITY * 16);
  private count = 0;
  /** Per slot: where its id starts in `text`, its length, and its hash (kept for the table's growth). */
  private starts = new Int32Array(INITIAL_CAPACITY);
  private lengths = new Int32Array(INITIAL_CAPACITY);
  private hashes = new Uint32Array(INITIAL_CAPACITY);
  /** Slot + 1 per table cell (0: empty); at most half full, so a probe always ends on an empty cell. */
  private table = new Int32Array(INITIAL_CAPACITY);

  /** How many ids are indexed (the next slot). */
  get size(): number { return this.count; }

  /** The slot of `id`, or undefined when it was never added. */
  get(id: string): number | undefined {
    const mask = this.table.length - 1;
    for (let i = hashOf(id) & mask; ; i = (i + 1) & mask) {
      const cell = this.table[i];
      if (cell === 0) { return undefined; }
      if (this.holds(cell - 1, id)) { return cell - 1; }
    }
  }

  /** The slot of `id`: the one it has, or else the next slot (`size` before the call). */
  add(id: string): number {
    const hash = hashOf(id);
    const mask = this.table.length - 1;
    let i = hash & mask;
    for (let cell = this.table[i]; cell !== 0; i = (i + 1) & mask, cell = this.table[i]) {
      if (this.holds(cell - 1, id)) { return cell - 1; }
    }
    const slot = this.count;
    if (slot === this.starts.length) { this.growSlots(); }
    this.starts[slot] = this.text.append(id);
    this.lengths[slot] = id.length;
    this.hashes[slot] = hash;
    this.count = slot + 1;
    this.table[i] = slot + 1;
    if (this.count * 2 > this.table.length) { this.growTable(); }
    return slot;
  }

  private holds(slot: number, id: string): boolean { return this.text.equals(this.starts[slot], this.lengths[slot], id); }

  private growSlots(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const lengths = new Int32Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const hashes = new Uint32Array(size);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  /** Doubles the table and puts every slot back at its place in it. */
  private growTable(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let slot = 0; slot < this.count; slot++) {
      let i = this.hashes[slot] & mask;
      while (table[i] !== 0) { i = (i + 1) & mask; }
      table[i] = slot + 1;
    }
    this.table = table;
  }
}
