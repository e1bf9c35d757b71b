/**
 * An answer's content read as JSON, the way structured-extraction prompts answer: the whole text, or
 * the inside of one fenced block (```json … ``` or ``` … ```) when the model wrapped it. Used by the
 * comparison (key order ignored) and the schema check.
 */

export type AnswerJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const FENCE = /^\s*```[A-Za-z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;
/** How JSON text may start (after JSON's whitespace): anything else is no JSON, known without a throw. */
const JSON_START = /^[ \t\n\r]*[{["\-0-9tfn]/;

export function answerJson(text: string): AnswerJson {
  const fenced = FENCE.exec(text);
  // Stryker disable next-line StringLiteral: group 1 of FENCE is not optional, so a match always has it.
  const body = fenced ? (fenced[1] ?? '') : text;
  // Prose answers fail here cheaply: a JSON.parse that throws costs an exception per answer.
  if (!JSON_START.test(body)) { return { ok: false }; }
  try { return { ok: true, value: JSON.parse(body) as unknown }; } catch { return { ok: false }; }
}

/** The same JSON value with object keys sorted, as text: equal for values that differ in key order only. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) { return `[${value.map(canonicalJson).join(',')}]`; }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
