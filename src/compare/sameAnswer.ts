/**
 * Whether two answers say the same: identical text; equivalent when they differ only in whitespace or,
 * both being JSON (fenced or not), only in key order and formatting; else different.
 */
import { answerJson, canonicalJson } from './answerJson';

export type Sameness = 'identical' | 'equivalent' | 'different';

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function compareAnswers(a: string, b: string): Sameness {
  if (a === b) { return 'identical'; }
  if (collapse(a) === collapse(b)) { return 'equivalent'; }
  const ja = answerJson(a);
  if (!ja.ok) { return 'different'; }
  const jb = answerJson(b);
  return jb.ok && canonicalJson(ja.value) === canonicalJson(jb.value) ? 'equivalent' : 'different';
}
