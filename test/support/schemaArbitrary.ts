/**
 * fast-check arbitraries derived from an OpenAPI document's JSON schemas, for the subset the
 * Moonshot seed uses: `type` (one or a list, with "null"), `properties`, `required`, `items`,
 * `enum`, `additionalProperties` and local `$ref`s. Values are what the schema allows — and no
 * more than it constrains: any string, any integer (negative, zero, huge), optional properties
 * present or absent, and extra properties anywhere an object does not forbid them.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { load } from 'js-yaml';

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly additionalProperties?: boolean | JsonSchema;
}

export interface OpenApiDocument {
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
}

/** Reads the OpenAPI YAML out of a seed file (a Markdown page with the YAML in a ```yaml fence, or bare YAML). */
export function readOpenApi(file: string): OpenApiDocument {
  const text = fs.readFileSync(file, 'utf8');
  const fenced = /````yaml[^\n]*\n([\s\S]*?)\n````/.exec(text) ?? /```yaml[^\n]*\n([\s\S]*?)\n```/.exec(text);
  const doc = load(fenced?.[1] ?? text) as OpenApiDocument;
  if (typeof doc?.components?.schemas !== 'object') { throw new Error(`${file} has no components.schemas`); }
  return doc;
}

export interface ArbitraryOptions {
  /** Extra properties on objects that allow them (JSON Schema's default). */
  readonly extraProperties: boolean;
  /**
   * Strings outside an `enum` as well: the seed's enums describe today's values (e.g. `status`),
   * and the service may add one at any time, so the reader must take any string there too.
   */
  readonly openEnums: boolean;
  /** Longest generated array. */
  readonly maxItems: number;
}

/** Integers of every kind the schema's `integer` admits, with the awkward ones often. */
export const anyInteger: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -1, 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53 + 2, 1e20, -1e20, 1e300, -1e300, 8.64e12, 8.64e12 + 1),
);

const extraValue: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

function typesOf(schema: JsonSchema): readonly string[] {
  if (schema.type === undefined) { return []; }
  return typeof schema.type === 'string' ? [schema.type] : schema.type;
}

export function arbitraryFor(doc: OpenApiDocument, schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const resolve = (s: JsonSchema): JsonSchema => {
    if (s.$ref === undefined) { return s; }
    const name = /^#\/components\/schemas\/(.+)$/.exec(s.$ref)?.[1];
    const target = name === undefined ? undefined : doc.components.schemas[name];
    if (!target) { throw new Error(`unresolved $ref ${s.$ref}`); }
    return target;
  };

  const build = (raw: JsonSchema): fc.Arbitrary<unknown> => {
    const s = resolve(raw);
    if (s.enum !== undefined) {
      const listed = fc.constantFrom(...s.enum);
      return options.openEnums ? fc.oneof(listed, fc.string()) : listed;
    }
    const types = typesOf(s);
    if (types.length === 0) { return fc.jsonValue({ maxDepth: 2 }); }
    return fc.oneof(...types.map((t) => ofType(t, s)));
  };

  const ofType = (type: string, s: JsonSchema): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null': return fc.constant(null);
      case 'string': return fc.string({ maxLength: 24 });
      case 'integer': return anyInteger;
      case 'number': return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean': return fc.boolean();
      case 'array': return fc.array(s.items ? build(s.items) : extraValue, { maxLength: options.maxItems });
      case 'object': return objectOf(s);
      default: throw new Error(`type ${type} is not in the supported subset`);
    }
  };

  const objectOf = (s: JsonSchema): fc.Arbitrary<unknown> => {
    const properties = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const known = fc.record(
      Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, build(v)])),
      { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
    );
    const additional = s.additionalProperties;
    const extra: fc.Arbitrary<Record<string, unknown>> | undefined =
      typeof additional === 'object' ? fc.dictionary(fc.string({ maxLength: 10 }), build(additional), { maxKeys: 4 })
        : additional !== false && options.extraProperties ? fc.dictionary(fc.string({ maxLength: 10 }), extraValue, { maxKeys: 3 })
          : undefined;
    if (!extra) { return known; }
    // Declared properties win over an extra one of the same name (the extra would change their type).
    return fc.tuple(known, extra).map(([k, e]) => {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(e)) { if (!(name in properties)) { Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true }); } }
      return Object.assign(out, k);
    });
  };

  return build(schema);
}

/** Whether `value` satisfies `schema` (the same subset), so a test can tell a readable entry from a broken one. */
export function conforms(doc: OpenApiDocument, schema: JsonSchema, value: unknown, options: Pick<ArbitraryOptions, 'openEnums'>): boolean {
  const s = schema.$ref === undefined ? schema : doc.components.schemas[/^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1] ?? ''];
  if (!s) { throw new Error(`unresolved $ref ${schema.$ref ?? ''}`); }
  if (s.enum !== undefined && !s.enum.includes(value) && !(options.openEnums && typeof value === 'string')) { return false; }
  const types = typesOf(s);
  if (types.length === 0) { return true; }
  return types.some((t) => {
    switch (t) {
      case 'null': return value === null;
      case 'string': return typeof value === 'string';
      case 'integer': return typeof value === 'number' && Number.isInteger(value);
      case 'number': return typeof value === 'number' && Number.isFinite(value);
      case 'boolean': return typeof value === 'boolean';
      case 'array': return Array.isArray(value) && (s.items === undefined || value.every((v) => conforms(doc, s.items as JsonSchema, v, options)));
      case 'object': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) { return false; }
        const obj = value as Record<string, unknown>;
        const props = s.properties ?? {};
        if ((s.required ?? []).some((k) => !Object.prototype.hasOwnProperty.call(obj, k))) { return false; }
        return Object.entries(obj).every(([k, v]) => {
          const p = Object.prototype.hasOwnProperty.call(props, k) ? props[k] : undefined;
          if (p) { return conforms(doc, p, v, options); }
          const extra = s.additionalProperties;
          return typeof extra === 'object' ? conforms(doc, extra, v, options) : extra !== false;
        });
      }
      default: return false;
    }
  });
}

/** A JSON value of a type the schema does not allow here (for breaking one field of a valid object). */
export function wrongValueFor(doc: OpenApiDocument, schema: JsonSchema): fc.Arbitrary<unknown> {
  const candidates: unknown[] = ['text', 12, 1.5, true, null, [], {}, [1], { a: 1 }];
  const wrong = candidates.filter((c) => !conforms(doc, schema, c, { openEnums: true }));
  return fc.constantFrom(...wrong);
}
