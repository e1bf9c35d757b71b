/**
 * The list reader against responses generated from the seed's own OpenAPI schema
 * (test/fixtures/list-batches.openapi.yaml, `BatchListResponse` / `BatchObject`): values the schema
 * allows, and pages where some batches break it. No page fails; every batch with a string `id`
 * becomes exactly one row, in order; paging follows the last id; nothing renders NaN or undefined.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { BatchPage, cursorOf, entriesOf, isUnreadable, nextStep, parseBatchPage } from '../../src/api';
import { rowDescription, rowTooltipMarkdown, unreadableDescription, unreadableTooltipMarkdown } from '../../src/model/batchDescription';
import { detailsModel, unreadableModel } from '../../src/model/batchDetails';
import { statusText } from '../../src/model/batchFacts';
import { BatchPager } from '../../src/model/batchPager';
import { JsonSchema, arbitraryFor, conforms, readOpenApi, wrongValueFor } from '../support/schemaArbitrary';

const doc = readOpenApi(path.join(__dirname, '../../../test/fixtures/list-batches.openapi.yaml'));
const listSchema: JsonSchema = { $ref: '#/components/schemas/BatchListResponse' };
const batchSchema = doc.components.schemas.BatchObject;
if (!batchSchema) { throw new Error('the seed has no BatchObject schema'); }
const OPTIONS = { extraProperties: true, openEnums: true, maxItems: 6 } as const;

const validPage = arbitraryFor(doc, listSchema, OPTIONS);
const validBatch = arbitraryFor(doc, batchSchema, OPTIONS);

/** One field of a valid batch broken the way the schema forbids: a required field removed, or a value of the wrong type. */
const brokenBatch: fc.Arbitrary<unknown> = fc.tuple(validBatch, fc.constantFrom(...Object.keys(batchSchema.properties ?? {})), fc.boolean())
  .chain(([batch, field, remove]) => {
    const required = (batchSchema.required ?? []).includes(field);
    const prop = batchSchema.properties?.[field] ?? {};
    if (remove && required) {
      const copy = { ...(batch as Record<string, unknown>) };
      delete copy[field];
      return fc.constant<unknown>(copy);
    }
    return wrongValueFor(doc, prop).map((wrong) => ({ ...(batch as Record<string, unknown>), [field]: wrong }));
  });
const notAnObject = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]));
const mixedPage = fc.tuple(validPage, fc.array(fc.oneof(
  { weight: 5, arbitrary: validBatch }, { weight: 4, arbitrary: brokenBatch }, { weight: 1, arbitrary: notAnObject },
), { maxLength: 8 })).map(([page, data]) => ({ ...(page as Record<string, unknown>), data }));

/** Text our code computed (not API strings) must never show these. */
const BAD = /NaN|undefined|Invalid Date|Infinity/;
const NOW = 1_795_000_000;

function wire(value: unknown): unknown { return JSON.parse(JSON.stringify(value)) as unknown; }

/** Readable rows whose raw JSON was rebuilt from the batch (not the object sent itself). */
let rebuiltRows = 0;

/** Checks one page against the raw body it came from; returns the number of rows. */
function checkPage(body: Record<string, unknown>, page: BatchPage): number {
  const data = body.data as unknown[];
  const withId = data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && !Array.isArray(d) && typeof (d as Record<string, unknown>).id === 'string');
  const entries = entriesOf(page);
  assert.deepEqual(entries.map((e) => e.id), withId.map((d) => d.id), 'every batch with a string id is one row, in order');
  entries.forEach((e, i) => {
    const readable = conforms(doc, batchSchema, withId[i], OPTIONS);
    assert.equal(!isUnreadable(e), readable, `row ${i} readable iff it conforms: ${JSON.stringify(withId[i])}`);
    // The raw JSON view shows the object as sent, whether the batch holds it or rebuilds it.
    assert.equal(JSON.stringify(e.raw), JSON.stringify(withId[i]), 'the raw JSON is the object as sent');
    if (e.raw !== withId[i]) { rebuiltRows++; }
  });
  assert.equal(page.skipped?.length ?? 0, data.length - withId.length, 'entries without a string id are counted');
  assert.deepEqual(page.batches, entries.filter((e) => !isUnreadable(e)));
  assert.equal(page.hasMore, body.has_more === true);
  assert.equal(cursorOf(page), withId[withId.length - 1]?.id as string | undefined, 'the cursor is the last id in data');
  const step = nextStep(page, undefined, new Set());
  if (page.hasMore && cursorOf(page) !== undefined) { assert.deepEqual(step, { kind: 'next', after: cursorOf(page) }); }
  for (const e of entries) { checkRender(e); }
  return entries.length;
}

function checkRender(e: ReturnType<typeof entriesOf>[number]): void {
  if (isUnreadable(e)) {
    assert.ok(e.problems.length > 0);
    assert.match(unreadableDescription(e), /^could not be read · /);
    assert.ok(unreadableTooltipMarkdown(e).includes(e.problems[0].replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`)));
    assert.equal(unreadableModel(e).rawJson, JSON.stringify(e.raw, null, 2));
    return;
  }
  const description = rowDescription(e, NOW, 'en-US');
  assert.doesNotMatch(description.slice(statusText(e).length), BAD, description);
  const tooltip = rowTooltipMarkdown(e, NOW, 'en-US', 'UTC');
  for (const line of tooltip.split('\n').filter((l) => /^(Requests|Created|In progress|Finalizing|Completed|Failed validation|Cancel requested|Cancelled|Expires|Estimated)/.test(l))) {
    assert.doesNotMatch(line.replace(/^[^:]*: /, ''), BAD, line);
  }
  const m = detailsModel(e, NOW, 'en-US', 'UTC');
  const computed = [...Object.values(m.progress).map(String), ...m.timeline.flatMap((t) => [t.absolute, t.relative]), ...m.phases.map((p) => p.length), m.expiry ?? ''];
  for (const text of computed) { assert.doesNotMatch(text, BAD, text); }
  const { completedWidth, failedWidth } = m.progress;
  assert.ok(completedWidth >= 0 && failedWidth >= 0 && completedWidth + failedWidth <= 100 + 1e-9, `widths ${completedWidth} + ${failedWidth}`);
  for (const pct of [m.progress.completedPct, m.progress.failedPct, m.progress.remainingPct]) { assert.match(pct, /^\d+(\.\d)?%$/, pct); }
}

describe('list reader over responses generated from the seed\'s OpenAPI schema', () => {
  let cases = 0;
  let rows = 0;
  let unreadable = 0;
  after(() => { console.log(`      schema-generated responses checked: ${cases} (${rows} rows, ${unreadable} flagged as unreadable)`); });

  it('the seed declares what the generator relies on (BatchObject requires id, created_at, request_counts)', () => {
    assert.ok((batchSchema.required ?? []).includes('id'));
    assert.ok((batchSchema.required ?? []).includes('created_at'));
    assert.ok((batchSchema.required ?? []).includes('request_counts'));
    assert.equal(Object.keys(batchSchema.properties ?? {}).length, 18);
  });

  it('a response the schema allows never fails and every batch becomes a readable row (5,000 responses)', () => {
    fc.assert(fc.property(validPage, (generated) => {
      cases++;
      const body = wire(generated) as Record<string, unknown>;
      const page = parseBatchPage(body);
      assert.equal(entriesOf(page).filter(isUnreadable).length, 0, 'nothing the schema allows is flagged');
      rows += checkPage(body, page);
    }), { numRuns: 5_000, seed: 11 });
    assert.ok(rebuiltRows > 100, `batches sent with exactly the documented fields should be common (${rebuiltRows})`);
  });

  it('a page where some batches break the schema still shows every batch with a string id, flagged, in order (6,000 responses)', () => {
    fc.assert(fc.property(mixedPage, (generated) => {
      cases++;
      const body = wire(generated) as Record<string, unknown>;
      const page = parseBatchPage(body);
      rows += checkPage(body, page);
      unreadable += entriesOf(page).filter(isUnreadable).length;
    }), { numRuns: 6_000, seed: 12 });
    assert.ok(unreadable > 1_000, `broken batches should be common (${unreadable})`);
  });

  it('the pager keeps one row per id across pages and continues after the last id (1,000 two-page loads)', async () => {
    await fc.assert(fc.asyncProperty(mixedPage, mixedPage, async (g1, g2) => {
      cases += 2;
      const bodies = [{ ...(wire(g1) as Record<string, unknown>), has_more: true }, wire(g2) as Record<string, unknown>];
      const pages = bodies.map((b) => parseBatchPage(b));
      const afters: (string | undefined)[] = [];
      const pager = new BatchPager(({ after }) => { afters.push(after); return Promise.resolve(pages[afters.length - 1]); }, 20);
      await pager.loadFirst();
      const expectedIds: string[] = [];
      for (const id of entriesOf(pages[0]).map((e) => e.id)) { if (!expectedIds.includes(id)) { expectedIds.push(id); } }
      assert.deepEqual(pager.entries.map((e) => e.id), expectedIds);
      if (!pager.hasMore) { return; }
      await pager.loadMore();
      assert.equal(afters[1], (pages[0] ? cursorOf(pages[0]) : undefined), 'Load more continues after the last id of data');
      for (const id of entriesOf(pages[1]).map((e) => e.id)) { if (!expectedIds.includes(id)) { expectedIds.push(id); } }
      assert.deepEqual(pager.entries.map((e) => e.id), expectedIds, 'one row per id, in first-seen order');
      assert.equal(pager.skipped.length, (pages[0]?.skipped?.length ?? 0) + (pages[1]?.skipped?.length ?? 0));
    }), { numRuns: 1_000, seed: 13 });
  });
});
