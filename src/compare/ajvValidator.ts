/**
 * A JSON Schema compiled with Ajv: draft-07 when the schema's `$schema` names draft-07 (or draft-06),
 * 2020-12 otherwise. Compiling runs Ajv's generated code in
 * the extension host (never in a webview). The schema command imports this file with `import()`: in the
 * ES module bundle it is a chunk of its own, loaded on first use, so Ajv costs nothing until a schema is checked.
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { SchemaIssue, Validate } from './schemaCheck';

export type CompiledSchema = { readonly ok: true; readonly validate: Validate; readonly draft: '2020-12' | 'draft-07' } | { readonly ok: false; readonly error: string };

/** The draft a schema asks for by its `$schema` (absent or unknown: 2020-12). */
export function draftOf(schema: unknown): '2020-12' | 'draft-07' {
  const id = typeof schema === 'object' && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  return typeof id === 'string' && /draft-0[67]\/schema/.test(id) ? 'draft-07' : '2020-12';
}

export function compileSchema(schema: unknown): CompiledSchema {
  const draft = draftOf(schema);
  // allErrors: the count per answer; strict off: a schema with unknown keywords or formats still checks what it can.
  const options = {
    allErrors: true,
    strict: false,
    // Stryker disable next-line BooleanLiteral: no format is defined (no ajv-formats), so Ajv ignores formats either way; only a console warning differs.
    validateFormats: false,
  };
  const ajv = draft === 'draft-07' ? new Ajv(options) : new Ajv2020(options);
  try {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) { return { ok: false, error: 'A JSON Schema must be an object.' }; }
    const check = ajv.compile(schema);
    const validate: Validate = (value) => {
      // Stryker disable next-line BlockStatement: Ajv sets errors to null after a valid value, so the line below returns [] too.
      if (check(value)) { return []; }
      return (check.errors ?? []).map((e): SchemaIssue => ({ path: e.instancePath, message: e.message ?? e.keyword }));
    };
    return { ok: true, validate, draft };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
