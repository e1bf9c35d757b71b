/** A small seeded PRNG (mulberry32) so demo data and property tests are repeatable. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export function randomId(random: Random, prefix: string, length = 24): string {
  let s = prefix;
  for (let i = 0; i < length; i++) { s += ALPHABET[Math.floor(random() * ALPHABET.length)]; }
  return s;
}
