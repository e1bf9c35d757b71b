/**
 * "Check Answers Against a Schema…": each succeeded answer's content read as JSON (plain or in one
 * fenced block) and validated; the first error per answer (path and message) and the commonest errors
 * over the batch. The validator is passed in (`ajvValidator.ts` builds it), so this part stays small.
 */
import { answerJson } from './answerJson';

export interface SchemaIssue {
  /** JSON Pointer into the answer ('' for the whole value). */
  readonly path: string;
  readonly message: string;
}

/** The schema's verdict on one value: no issue means valid. */
export type Validate = (value: unknown) => readonly SchemaIssue[];

export type AnswerCheck =
  | { readonly kind: 'valid' }
  | { readonly kind: 'notJson' }
  | { readonly kind: 'invalid'; readonly first: SchemaIssue; readonly issues: number };

export function checkAnswer(content: string, validate: Validate): AnswerCheck {
  const json = answerJson(content);
  if (!json.ok) { return { kind: 'notJson' }; }
  const issues = validate(json.value);
  const [first] = issues;
  return first === undefined ? { kind: 'valid' } : { kind: 'invalid', first, issues: issues.length };
}

export interface SchemaDigest {
  readonly valid: number;
  readonly invalid: number;
  readonly notJson: number;
  /** The commonest first errors ("/items/0/price: must be number"), most frequent first, then by text. */
  readonly common: ReadonlyArray<{ readonly issue: string; readonly count: number }>;
}

/** "path: message", with a path the user can read ("(root)" for the whole value). */
export function issueText(issue: SchemaIssue): string {
  return `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`;
}

export function schemaDigest(checks: Iterable<AnswerCheck>, top = 5): SchemaDigest {
  let valid = 0;
  let invalid = 0;
  let notJson = 0;
  const counts = new Map<string, number>();
  for (const check of checks) {
    if (check.kind === 'valid') { valid++; continue; }
    if (check.kind === 'notJson') { notJson++; continue; }
    invalid++;
    const text = issueText(check.first);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const common = [...counts.entries()]
    .sort(([ta, a], [tb, b]) => b - a || (ta < tb ? -1 : 1))
    .slice(0, Math.max(0, top))
    .map(([issue, count]) => ({ issue, count }));
  return { valid, invalid, notJson, common };
}
