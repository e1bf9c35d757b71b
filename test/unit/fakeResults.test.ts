/**
 * The fake's result files: documented shapes, realistic content, and a truth that matches the lines.
 * The lines are read here with a plain test parser, never with the client's join.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeMoonshot } from '../fake-moonshot/server';
import { BatchJson, FakeState, ORPHAN_CUSTOM_ID } from '../fake-moonshot/state';
import { seedDemoData } from '../fake-moonshot/demoData';
import { HOSTILE_SNIPPETS } from '../fake-moonshot/chatContent';
import { writeLargeBatchFiles } from '../fake-moonshot/largeBatch';

const NOW = 1_795_000_000;
type Json = Record<string, unknown>;

function demoState(seed = 7): FakeState {
  const state = new FakeState({ now: () => NOW }, 1);
  seedDemoData(state, NOW, seed);
  return state;
}

function linesOf(state: FakeState, fileId: string | null): Json[] {
  if (fileId === null) { return []; }
  const text = state.fileContent(fileId)?.toString('utf8') ?? '';
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Asserts an input line is a documented chat request and returns its model. */
function checkInputLine(line: Json): string {
  assert.equal(typeof line.custom_id, 'string');
  assert.equal(line.method, 'POST');
  assert.equal(line.url, '/v1/chat/completions');
  assert.ok(isObject(line.body));
  const body = line.body;
  assert.equal(typeof body.model, 'string');
  assert.ok(Array.isArray(body.messages) && body.messages.length >= 1);
  const messages = body.messages as Json[];
  for (const m of messages) {
    assert.ok(['system', 'user', 'assistant'].includes(String(m.role)));
    assert.equal(typeof m.content, 'string');
  }
  assert.equal(messages[messages.length - 1].role, 'user');
  if ('max_tokens' in body) { assert.ok(Number.isInteger(body.max_tokens)); }
  return String(body.model);
}

/** Asserts an output line is a documented success; returns its answer text. */
function checkAnswerLine(line: Json): string {
  assert.equal(typeof line.id, 'string');
  assert.equal(typeof line.custom_id, 'string');
  assert.equal(line.error, null);
  assert.ok(isObject(line.response));
  assert.equal(line.response.status_code, 200);
  assert.equal(typeof line.response.request_id, 'string');
  const body = line.response.body as Json;
  assert.equal(body.object, 'chat.completion');
  const choice = (body.choices as Json[])[0];
  assert.ok(['stop', 'length'].includes(String(choice.finish_reason)));
  const usage = body.usage as Json & { prompt_tokens_details?: Json };
  assert.equal(usage.total_tokens, Number(usage.prompt_tokens) + Number(usage.completion_tokens));
  if (usage.prompt_tokens_details !== undefined) { assert.ok(Number.isInteger(usage.prompt_tokens_details.cached_tokens)); }
  return String((choice.message as Json).content);
}

/** Asserts an error line has one of the two shapes; returns which. */
function checkErrorLine(line: Json): 'object' | 'response' {
  assert.equal(typeof line.custom_id, 'string');
  if (line.response === null) {
    assert.ok(isObject(line.error));
    assert.equal(typeof line.error.code, 'string');
    assert.equal(typeof line.error.message, 'string');
    return 'object';
  }
  assert.equal(line.error, null);
  assert.ok(isObject(line.response));
  assert.ok([400, 429, 500].includes(Number(line.response.status_code)));
  const error = (line.response.body as Json).error as Json;
  assert.equal(typeof error.message, 'string');
  assert.equal(typeof error.type, 'string');
  return 'response';
}

const finished = (state: FakeState): BatchJson[] => state.ordered().filter((b) => ['completed', 'expired', 'cancelled'].includes(b.status));

describe('fake result files', () => {
  const state = demoState();

  it('input, output and error lines of every finished demo batch have the documented shapes; one model per batch', () => {
    let inputs = 0;
    for (const b of finished(state)) {
      const models = new Set(linesOf(state, b.input_file_id).map(checkInputLine));
      assert.equal(models.size, 1, `${b.id} uses one model`);
      for (const l of linesOf(state, b.output_file_id)) { checkAnswerLine(l); }
      for (const l of linesOf(state, b.error_file_id)) { checkErrorLine(l); }
      inputs++;
    }
    assert.ok(inputs >= 30);
  });

  it('both error shapes, status codes 400, 429 and 500, and batch_expired appear in the demo data', () => {
    const shapes = new Set<string>();
    const statuses = new Set<number>();
    const codes = new Set<string>();
    for (const b of finished(state)) {
      for (const l of linesOf(state, b.error_file_id)) {
        shapes.add(checkErrorLine(l));
        if (isObject(l.response)) { statuses.add(Number(l.response.status_code)); }
        if (isObject(l.error)) { codes.add(String(l.error.code)); }
      }
    }
    assert.deepEqual([...shapes].sort(), ['object', 'response']);
    assert.deepEqual([...statuses].sort(), [400, 429, 500]);
    assert.ok(codes.has('batch_expired'));
  });

  it('error messages of one kind differ only by numbers and ids', () => {
    const messages = finished(state).flatMap((b) => linesOf(state, b.error_file_id))
      .map((l) => (isObject(l.error) ? String(l.error.message) : String(((l.response as Json).body as { error: Json }).error.message)));
    const tooLong = messages.filter((m) => m.startsWith('Invalid request: input token length'));
    assert.ok(tooLong.length >= 2);
    assert.ok(new Set(tooLong).size > 1, 'the messages differ');
    assert.equal(new Set(tooLong.map((m) => m.replace(/req_[0-9a-z]+/g, 'ID').replace(/\d+/g, 'N'))).size, 1);
  });

  it('answers hold Chinese, double quotes, commas, newlines and HTML; finish_reason length and cached_tokens occur', () => {
    const answers = finished(state).flatMap((b) => linesOf(state, b.output_file_id));
    const texts = answers.map(checkAnswerLine);
    for (const [name, re] of [['Chinese', /[\u4e00-\u9fff]/], ['quote', /"/], ['comma', /,/], ['newline', /\n/], ['HTML', /<b>/]] as const) {
      assert.ok(texts.some((t) => re.test(t)), name);
    }
    const bodies = answers.map((l) => (l.response as Json).body as { choices: Json[]; usage: Json });
    assert.ok(bodies.some((b) => b.choices[0].finish_reason === 'length'));
    assert.ok(bodies.filter((b) => b.choices[0].finish_reason === 'stop').length > bodies.length / 2);
    assert.ok(bodies.some((b) => 'prompt_tokens_details' in b.usage));
    assert.ok(bodies.some((b) => !('prompt_tokens_details' in b.usage)));
  });

  it('custom_ids of output and error lines are input custom_ids, each at most once (the anomaly batch aside)', () => {
    for (const b of finished(state)) {
      if (b.id === state.anomalyBatchId) { continue; }
      const input = new Set(linesOf(state, b.input_file_id).map((l) => String(l.custom_id)));
      const answered = [...linesOf(state, b.output_file_id), ...linesOf(state, b.error_file_id)].map((l) => String(l.custom_id));
      assert.equal(new Set(answered).size, answered.length, `${b.id}: no custom_id twice`);
      assert.ok(answered.every((id) => input.has(id)), `${b.id}: answers only its input`);
    }
  });

  it('the truth counts and per-custom_id outcomes match the lines of every finished batch', () => {
    for (const b of finished(state)) {
      const truth = state.resultsTruth(b.id);
      assert.ok(truth, b.id);
      const input = linesOf(state, b.input_file_id).map((l) => String(l.custom_id));
      const ok = new Set(linesOf(state, b.output_file_id).map((l) => String(l.custom_id)));
      const bad = new Set(linesOf(state, b.error_file_id).map((l) => String(l.custom_id)));
      const inputSet = new Set(input);
      const expected = new Map(input.map((id) => [id, ok.has(id) ? 'succeeded' : bad.has(id) ? 'failed' : 'missing']));
      for (const id of ok) { if (!inputSet.has(id)) { expected.set(id, 'orphan'); } }
      assert.deepEqual(new Map([...truth.outcomes].map(([id, t]) => [id, t.outcome])), expected, b.id);
      const count = (o: string): number => [...expected.values()].filter((x) => x === o).length;
      assert.deepEqual([truth.succeeded, truth.failed, truth.missing, truth.orphan], [count('succeeded'), count('failed'), count('missing'), count('orphan')]);
      assert.equal(truth.succeeded, b.request_counts.completed);
    }
  });

  it('output lines are not in input order', () => {
    const b = finished(state).find((x) => x.status === 'completed' && x.request_counts.completed >= 20);
    assert.ok(b);
    const inputOrder = linesOf(state, b.input_file_id).map((l) => String(l.custom_id));
    const outputOrder = linesOf(state, b.output_file_id).map((l) => String(l.custom_id));
    assert.notDeepEqual(outputOrder, inputOrder.filter((id) => outputOrder.includes(id)));
  });

  it('expired batches answer part and fail the rest as batch_expired; cancelled ones leave the rest missing', () => {
    const expired = finished(state).filter((b) => b.status === 'expired');
    const cancelled = finished(state).filter((b) => b.status === 'cancelled');
    assert.ok(expired.length > 0 && cancelled.length > 0);
    for (const b of expired) {
      const truth = state.resultsTruth(b.id);
      assert.ok(truth && truth.succeeded > 0 && truth.missing === 0);
      assert.ok(linesOf(state, b.error_file_id).some((l) => isObject(l.error) && l.error.code === 'batch_expired'));
    }
    for (const b of cancelled) {
      const truth = state.resultsTruth(b.id);
      assert.ok(truth && truth.succeeded > 0 && truth.missing > 0);
      assert.ok(!linesOf(state, b.error_file_id).some((l) => isObject(l.error) && l.error.code === 'batch_expired'));
    }
  });

  it('the anomaly batch is flagged and has one orphan answer and one duplicate answer', () => {
    const b = state.batches.get(state.anomalyBatchId ?? '');
    assert.ok(b && b.status === 'completed');
    assert.deepEqual(b.metadata, { description: 'Anomalies: orphan + duplicate answer' });
    const input = new Set(linesOf(state, b.input_file_id).map((l) => String(l.custom_id)));
    const out = linesOf(state, b.output_file_id).map((l) => String(l.custom_id));
    assert.deepEqual(out.filter((id) => !input.has(id)), [ORPHAN_CUSTOM_ID]);
    assert.equal(out.length - new Set(out).size, 1);
    const truth = state.resultsTruth(b.id);
    assert.equal(truth?.orphan, 1);
    assert.equal(truth?.duplicates, 1);
  });

  it('every answer of the hostile demo batch carries the three HTML payloads', () => {
    const b = state.batches.get(state.hostileAnswersBatchId ?? '');
    assert.ok(b);
    const texts = linesOf(state, b.output_file_id).map(checkAnswerLine);
    assert.ok(texts.length > 0);
    for (const t of texts) { for (const s of HOSTILE_SNIPPETS) { assert.ok(t.includes(s), s); } }
  });

  it('the same seed gives the same files; another seed gives others', () => {
    const contents = (s: FakeState): string[] => s.ordered().flatMap((b) => [b.id, b.output_file_id, b.error_file_id])
      .map((id) => (id === null ? '' : s.fileContent(id)?.toString('utf8') ?? id));
    assert.deepEqual(contents(demoState(7)), contents(state));
    assert.notDeepEqual(contents(demoState(8)), contents(state));
  });

  it('a batch run through the life cycle gets truth and files; the server exposes them', async () => {
    const fake = await FakeMoonshot.start({ data: 'demo' });
    try {
      assert.ok(fake.anomalyBatchId && fake.hostileAnswersBatchId);
      const b = fake.state.createBatchWithInput(40, { failRate: 0.5 });
      assert.equal(fake.resultsTruth(b.id), undefined);
      fake.state.runToEnd(b.id);
      const truth = fake.resultsTruth(b.id);
      assert.ok(truth);
      assert.equal(truth.succeeded + truth.failed, 40);
      assert.equal(linesOf(fake.state, b.error_file_id).length, truth.failed);
      const hostile = fake.addHostileBatch();
      assert.ok(fake.resultsTruth(hostile.id), 'the renamed batch keeps its truth');
    } finally {
      await fake.close();
    }
  });
});

describe('large batch generator', () => {
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-large-')); });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('writes 2,000 requests: ≈1,000 bytes an input line, ≈2,050 an answer line, ≈2 % errors of both shapes, shuffled', async () => {
    const files = await writeLargeBatchFiles(dir, { requests: 2000, failRate: 0.02, seed: 5 });
    const read = (p: string): Json[] => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Json);
    const input = read(files.input);
    const output = read(files.output);
    const errors = read(files.error);
    assert.equal(input.length, 2000);
    input.forEach(checkInputLine);
    output.forEach(checkAnswerLine);
    assert.deepEqual(new Set(errors.map(checkErrorLine)), new Set(['object', 'response']));
    assert.equal(output.length, files.truth.succeeded);
    assert.equal(errors.length, files.truth.failed);
    assert.ok(errors.length >= 20 && errors.length <= 60, `${errors.length} errors`);
    const ids = [...output, ...errors].map((l) => String(l.custom_id));
    assert.deepEqual([...ids].sort(), input.map((l) => String(l.custom_id)).sort());
    const inputBytes = fs.statSync(files.input).size / input.length;
    const outputBytes = fs.statSync(files.output).size / output.length;
    assert.ok(inputBytes > 900 && inputBytes < 1100, `${inputBytes} bytes an input line`);
    assert.ok(outputBytes > 1850 && outputBytes < 2250, `${outputBytes} bytes an output line`);
    const failed = new Set(errors.map((l) => String(l.custom_id)));
    assert.notDeepEqual(output.map((l) => String(l.custom_id)), input.map((l) => String(l.custom_id)).filter((id) => !failed.has(id)));
  });

  it('the generator\'s truth names every request once, as the lines say; the fake serves such a batch', async () => {
    const files = await writeLargeBatchFiles(path.join(dir, 't'), { requests: 500, failRate: 0.1, seed: 2 });
    const read = (p: string): Json[] => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Json);
    const failedIds = new Set(read(files.error).map((l) => String(l.custom_id)));
    assert.equal(files.truth.outcomes.size, 500);
    for (const [id, t] of files.truth.outcomes) { assert.equal(t.outcome, failedIds.has(id) ? 'failed' : 'succeeded', id); }
    const state = new FakeState({ now: () => NOW }, 1);
    const b = await state.addLargeBatch(path.join(dir, 'served'), { requests: 500, failRate: 0.1, seed: 2 });
    assert.equal(b.status, 'completed');
    assert.deepEqual(b.request_counts, { completed: files.truth.succeeded, failed: files.truth.failed, total: 500 });
    assert.ok(state.fileContent(b.output_file_id ?? '')?.equals(fs.readFileSync(files.output)));
    assert.equal(state.resultsTruth(b.id)?.failed, files.truth.failed);
  });

  it('the same seed writes the same bytes', async () => {
    const a = await writeLargeBatchFiles(path.join(dir, 'a'), { requests: 300, seed: 9 });
    const b = await writeLargeBatchFiles(path.join(dir, 'b'), { requests: 300, seed: 9 });
    for (const k of ['input', 'output', 'error'] as const) { assert.ok(fs.readFileSync(a[k]).equals(fs.readFileSync(b[k])), k); }
  });
});
