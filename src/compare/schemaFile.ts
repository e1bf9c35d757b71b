/**
 * Which workspace JSON files the schema pick offers, and in what order: files that look like a JSON
 * Schema (they name a `$schema`, or describe a value with `type` and `properties`/`items`/`required`,
 * or combine schemas), the one chosen last for this batch first.
 */

/** True when `text` is a JSON object that reads as a JSON Schema. */
export function looksLikeSchema(text: string): boolean {
  let value: unknown;
  // Stryker disable next-line BlockStatement: an empty catch leaves value undefined, which the next line refuses (false) the same way
  try { value = JSON.parse(text); } catch { return false; }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) { return false; }
  const o = value as Record<string, unknown>;
  if (typeof o.$schema === 'string') { return /json-schema\.org|schema/i.test(o.$schema); }
  const describes = 'properties' in o || 'items' in o || 'required' in o || 'prefixItems' in o;
  return (typeof o.type === 'string' && describes) || ['oneOf', 'anyOf', 'allOf'].some((k) => Array.isArray(o[k]));
}

/** The candidates with `remembered` first (added when it is not among them: it may sit outside the search). */
export function orderSchemaChoices(candidates: readonly string[], remembered: string | undefined): string[] {
  // Stryker disable next-line EqualityOperator: <= / >= differ only on equal strings, which are indistinguishable in the result
  const rest = [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).filter((c) => c !== remembered);
  return remembered === undefined ? rest : [remembered, ...rest];
}
