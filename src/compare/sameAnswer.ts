/**
 * Whether two answers say the same: identical text; equivalent when they differ only in whitespace or,
 * both being JSON (fenced or not), only in key order and formatting; else different.
 */
import { answerJson, canonicalJson } from './answerJson';

export type Sameness = 'identical' | 'equivalent' | 'different';

/** The text with runs of whitespace as one space, trimmed: equal for answers that differ in whitespace only. */
// A run of two or more, or one that is not a space: a single space (most of them, in prose) is left alone, not replaced by itself.
export const collapsed = (s: string): string => s.replace(/\s{2,}|[^\S ]/g, ' ').trim();

export function compareAnswers(a: string, b: string): Sameness {
  if (a === b) { return 'identical'; }
  if (collapsed(a) === collapsed(b)) { return 'equivalent'; }
  const ja = answerJson(a);
  if (!ja.ok) { return 'different'; }
  const jb = answerJson(b);
  return jb.ok && canonicalJson(ja.value) === canonicalJson(jb.value) ? 'equivalent' : 'different';
}
