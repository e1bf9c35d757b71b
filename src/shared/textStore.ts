/**
 * Strings kept outside the JS heap: their UTF-16 code units appended to one typed array, read back
 * as strings on demand. The loaded list keeps its batches' ids and file ids here, so 10,000 rows add
 * no strings for the garbage collector to copy (strings that live long make V8 grow its young
 * generation, which is most of the list's peak memory).
 *
 * One byte per code unit while every unit stored is below 256 (ids are ASCII); the first wider unit
 * widens the whole store to two bytes. Any string is kept exactly, lone surrogates included (a
 * TextDecoder would replace them).
 */

/** Code units decoded per String.fromCharCode call: far below any engine's argument limit. */
const DECODE_CHUNK = 4096;

export class TextStore {
  private units: Uint8Array | Uint16Array;
  private used = 0;

  constructor(capacity = 64) { this.units = new Uint8Array(Math.max(1, capacity)); }

  /** Code units stored so far (the start of the next string appended). */
  get length(): number { return this.used; }

  /** Appends `text`; returns where it starts (its length is `text.length`). */
  append(text: string): number {
    const start = this.used;
    const end = start + text.length;
    if (end > this.units.length) { this.grow(end); }
    let units = this.units;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit > 0xff && units instanceof Uint8Array) { units = this.widen(); }
      units[start + i] = unit;
    }
    this.used = end;
    return start;
  }

  /** The string of `length` code units at `start`. */
  read(start: number, length: number): string {
    const units = this.units;
    if (length <= DECODE_CHUNK) { return String.fromCharCode.apply(null, units.subarray(start, start + length) as unknown as number[]); }
    let text = '';
    // Stryker disable next-line EqualityOperator: one more turn at the end decodes an empty range
    for (let at = start; at < start + length; at += DECODE_CHUNK) {
      text += String.fromCharCode.apply(null, units.subarray(at, Math.min(at + DECODE_CHUNK, start + length)) as unknown as number[]);
    }
    return text;
  }

  /** Whether the `length` code units at `start` are exactly `text` (compared in place: no string made). */
  equals(start: number, length: number, text: string): boolean {
    if (text.length !== length) { return false; }
    const units = this.units;
    for (let i = 0; i < length; i++) {
      if (units[start + i] !== text.charCodeAt(i)) { return false; }
    }
    return true;
  }

  /** Gives back the room appended strings did not use (call when no more will be appended). */
  // Stryker disable all: memory only; every string reads the same with or without it
  trim(): void {
    if (this.used < this.units.length) { this.units = this.units.slice(0, this.used); }
  }
  // Stryker restore all

  private grow(needed: number): void {
    // Stryker disable next-line ArithmeticOperator: room of at least `needed` either way; doubling only saves copies
    const grown = new (this.units instanceof Uint8Array ? Uint8Array : Uint16Array)(Math.max(needed, this.units.length * 2));
    grown.set(this.units.subarray(0, this.used));
    this.units = grown;
  }

  private widen(): Uint16Array {
    const wide = new Uint16Array(this.units.length);
    wide.set(this.units);
    this.units = wide;
    return wide;
  }
}
