/**
 * Two finished batches over the same requests with different models (Compare Results, issue 20.4):
 * batch A ran `kimi-k2-0905-preview`, batch B (its rerun, `metadata.rerun_of`) `kimi-k2-turbo-preview`.
 * Answers are JSON (structured extraction of product reviews); per request the case is chosen from a
 * fixed table: identical answers, equivalent ones (key order or formatting only), different ones,
 * failed on A only / B only / both, and one request in each input only. The files are written here,
 * ids fixed, so no seeded random of the demo is consumed. `comparePairOf(state)` keeps the truth,
 * counted from the table (never by the product's code).
 */
import { truthOf, type TruthEntry } from './resultLines';
import type { BatchJson, FakeState } from './state';

export type CompareCase = 'identical' | 'equivalent' | 'different' | 'aFailed' | 'bFailed' | 'bothFailed' | 'onlyInA' | 'onlyInB';

export interface CompareSideTruth {
  readonly batchId: string;
  readonly model: string;
  /** Input lines. */
  readonly requests: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ComparePairTruth {
  readonly a: CompareSideTruth;
  readonly b: CompareSideTruth;
  /** custom_id → case, in A's input order then B's only. */
  readonly cases: ReadonlyMap<string, CompareCase>;
  /** Each case's count. */
  readonly counts: Readonly<Record<CompareCase, number>>;
  /** The request whose answers differ the most visibly (for the screenshot). */
  readonly showcase: string;
  /** Requests answered on both sides with a different finish reason. */
  readonly finishChanged: number;
  /** Per custom_id: the answer text each side wrote (null: none). */
  readonly answers: ReadonlyMap<string, { readonly a: string | null; readonly b: string | null }>;
}

const MODEL_A = 'kimi-k2-0905-preview';
const MODEL_B = 'kimi-k2-turbo-preview';
const TABLE: readonly CompareCase[] = ['identical', 'equivalent', 'different', 'different', 'identical', 'aFailed', 'equivalent', 'bFailed', 'different', 'identical', 'bothFailed', 'equivalent'];
const SHARED = 24;

const REVIEWS: ReadonlyArray<readonly [string, string, string]> = [
  ['Arrived a day early and the packaging was sturdy.', 'The customer praises the early delivery and the sturdy packaging.', 'The customer notes the early delivery; the packaging is described as adequate.'],
  ['The blender is loud but crushes ice in seconds.', 'Powerful blender that crushes ice quickly, although it is loud.', 'The blender is noisy; ice crushing works but the noise dominates the review.'],
  ['Battery barely lasts half a day, very disappointed.', 'The battery life is far shorter than expected and the customer is disappointed.', 'The customer is unhappy with a battery that lasts about half a day.'],
  ['Great value for the price, would buy again.', 'Good value for money; the customer would buy it again.', 'The product is cheap and the customer may consider buying it again.'],
  ['这款耳机音质很好，但是佩戴久了耳朵疼。', '音质出色，但长时间佩戴不舒适。', '用户认为音质一般，佩戴体验较差。'],
  ['Instructions were confusing and a screw was missing.', 'Assembly was hard: unclear instructions and a missing screw.', 'The customer reports a missing screw; the instructions were acceptable.'],
];
const SENTIMENTS = ['positive', 'mixed', 'negative', 'positive', 'mixed', 'negative'] as const;

interface Side { readonly id: string; readonly inputId: string; readonly outputId: string; readonly errorId: string; readonly model: string }

function inputLine(customId: string, model: string, review: string): string {
  return JSON.stringify({
    custom_id: customId, method: 'POST', url: '/v1/chat/completions',
    body: { model, messages: [
      { role: 'system', content: 'Extract the sentiment of the review. Answer with JSON only: {"sentiment","score","summary"}.' },
      { role: 'user', content: `Review: ${review}` },
    ] },
  });
}

function answerLine(customId: string, model: string, content: string, prompt: number, completion: number, finish: string, n: number): string {
  return JSON.stringify({
    id: `batch_req_${model.slice(5, 9)}${String(n).padStart(4, '0')}`, custom_id: customId,
    response: { status_code: 200, request_id: `req_${customId}_${model.length}`, body: {
      id: `chatcmpl-${customId}-${model.length}`, object: 'chat.completion', created: 1_764_000_000, model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    } },
    error: null,
  });
}

function errorLine(customId: string, side: 'a' | 'b'): string {
  return side === 'a'
    ? JSON.stringify({ id: `batch_req_err_${customId}`, custom_id: customId, response: null, error: { code: 'server_error', message: 'The engine is currently overloaded, please try again later.' } })
    : JSON.stringify({ id: `batch_req_err_${customId}`, custom_id: customId, response: { status_code: 400, request_id: `req_${customId}`, body: { error: { message: 'Invalid request: the prompt exceeds the model\'s context for this request.', type: 'invalid_request_error' } } }, error: null });
}

/** The answer pair of one case (A's text, B's text), JSON as a model writes it. */
function answers(i: number, kind: CompareCase): { a: string; b: string } {
  const r = REVIEWS[i % REVIEWS.length] ?? REVIEWS[0];
  const sentiment = SENTIMENTS[i % SENTIMENTS.length] ?? 'mixed';
  const score = Math.round((0.35 + (i % 6) * 0.1) * 100) / 100;
  const a = JSON.stringify({ sentiment, score, summary: r?.[1] ?? '' }, null, 2);
  if (kind === 'equivalent') {
    // Same value: keys reordered, compact, and every other one in a fenced block.
    const compact = JSON.stringify({ summary: r?.[1] ?? '', score, sentiment });
    return { a, b: i % 2 === 0 ? `\`\`\`json\n${compact}\n\`\`\`` : compact };
  }
  if (kind === 'different') {
    return { a, b: JSON.stringify({ sentiment: sentiment === 'positive' ? 'mixed' : 'negative', score: Math.round((score - 0.2) * 100) / 100, summary: r?.[2] ?? '' }, null, 2) };
  }
  return { a, b: a };
}

const truths = new WeakMap<FakeState, ComparePairTruth>();

/** The pair's truth, once `addComparePair` ran on this state. */
export function comparePairOf(state: FakeState): ComparePairTruth | undefined { return truths.get(state); }

/** Adds the two batches (finished a month ago, so they sit at the end of the list) and their files. */
export function addComparePair(state: FakeState, now: number): ComparePairTruth {
  const created = now - 33 * 86400;
  const sides: Record<'a' | 'b', Side> = {
    a: { id: 'batch_cmpA7k2q9x4m1v8d', inputId: 'file_cmpA7k2q9x4m1v8d_in', outputId: 'file_cmpA7k2q9x4m1v8d_out', errorId: 'file_cmpA7k2q9x4m1v8d_err', model: MODEL_A },
    b: { id: 'batch_cmpB3t6w1n5r8c2h', inputId: 'file_cmpB3t6w1n5r8c2h_in', outputId: 'file_cmpB3t6w1n5r8c2h_out', errorId: 'file_cmpB3t6w1n5r8c2h_err', model: MODEL_B },
  };
  const lines = { a: { input: [] as string[], output: [] as string[], error: [] as string[] }, b: { input: [] as string[], output: [] as string[], error: [] as string[] } };
  const tokens = { a: { prompt: 0, completion: 0 }, b: { prompt: 0, completion: 0 } };
  const outcomes = { a: new Map<string, TruthEntry>(), b: new Map<string, TruthEntry>() };
  const cases = new Map<string, CompareCase>();
  const texts = new Map<string, { a: string | null; b: string | null }>();
  let finishChanged = 0;
  const ids: Array<[string, CompareCase, number]> = [];
  for (let i = 1; i <= SHARED; i++) { ids.push([`review-${String(i).padStart(3, '0')}`, TABLE[(i - 1) % TABLE.length] ?? 'identical', i]); }
  ids.splice(7, 0, ['review-extra-a', 'onlyInA', 90]);
  ids.push(['review-extra-b', 'onlyInB', 91]);
  for (const [customId, kind, i] of ids) {
    cases.set(customId, kind);
    const review = REVIEWS[i % REVIEWS.length]?.[0] ?? '';
    const pair = answers(i, kind);
    const prompt = 52 + (i % 9);
    const text = { a: null as string | null, b: null as string | null };
    for (const s of ['a', 'b'] as const) {
      const inInput = !(kind === 'onlyInA' && s === 'b') && !(kind === 'onlyInB' && s === 'a');
      if (!inInput) { continue; }
      lines[s].input.push(inputLine(customId, sides[s].model, review));
      const fails = kind === 'bothFailed' || (kind === 'aFailed' && s === 'a') || (kind === 'bFailed' && s === 'b');
      if (fails) {
        lines[s].error.push(errorLine(customId, s));
        outcomes[s].set(customId, { outcome: 'failed', statusCode: s === 'a' ? null : 400, errorCode: s === 'a' ? 'server_error' : 'invalid_request_error', finishReason: null, promptTokens: null, completionTokens: null, cachedTokens: null });
        continue;
      }
      const content = s === 'a' ? pair.a : pair.b;
      const completion = s === 'a' ? 30 + (i % 7) : 24 + (i % 5);
      // One different answer was cut by B's length limit: its finish reason changes.
      const finish = s === 'b' && kind === 'different' && i === 4 ? 'length' : 'stop';
      if (finish === 'length') { finishChanged++; }
      tokens[s].prompt += prompt;
      tokens[s].completion += completion;
      text[s] = content;
      lines[s].output.push(answerLine(customId, sides[s].model, content, prompt, completion, finish, i));
      outcomes[s].set(customId, { outcome: 'succeeded', statusCode: 200, errorCode: null, finishReason: finish, promptTokens: prompt, completionTokens: completion, cachedTokens: null });
    }
    texts.set(customId, text);
  }
  const batchOf = (s: 'a' | 'b', at: number, metadata: Record<string, string>): BatchJson => {
    const side = sides[s];
    const put = (id: string, name: string, content: string[]): void => {
      const buffer = Buffer.from(`${content.join('\n')}\n`);
      state.files.set(id, { meta: { id, object: 'file', bytes: buffer.length, created_at: at, filename: name, purpose: 'batch', status: 'ok', status_details: '' }, content: buffer });
    };
    put(side.inputId, `reviews-${side.model}.jsonl`, lines[s].input);
    // Answers in reverse input order: the comparison must pair by custom_id.
    put(side.outputId, `${side.id}_output.jsonl`, [...lines[s].output].reverse());
    put(side.errorId, `${side.id}_error.jsonl`, lines[s].error);
    const b: BatchJson = {
      id: side.id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: side.inputId, completion_window: '24h',
      status: 'completed', output_file_id: side.outputId, error_file_id: side.errorId, created_at: at, in_progress_at: at + 40,
      expires_at: at + 86400, finalizing_at: at + 3000, completed_at: at + 3100, failed_at: null, cancelling_at: null, cancelled_at: null,
      request_counts: { completed: lines[s].output.length, failed: lines[s].error.length, total: lines[s].input.length }, metadata,
    };
    state.batches.set(b.id, b);
    state.setResultsTruth(b.id, truthOf(outcomes[s], 0));
    return b;
  };
  batchOf('a', created, { experiment: 'review-sentiment', model: MODEL_A });
  batchOf('b', created + 7200, { rerun_of: sides.a.id, model: MODEL_B });
  const counts = Object.fromEntries((['identical', 'equivalent', 'different', 'aFailed', 'bFailed', 'bothFailed', 'onlyInA', 'onlyInB'] as const).map((c) => [c, [...cases.values()].filter((x) => x === c).length])) as Record<CompareCase, number>;
  const side = (s: 'a' | 'b'): CompareSideTruth => ({
    batchId: sides[s].id, model: sides[s].model, requests: lines[s].input.length, succeeded: lines[s].output.length, failed: lines[s].error.length,
    promptTokens: tokens[s].prompt, completionTokens: tokens[s].completion,
  });
  const truth: ComparePairTruth = { a: side('a'), b: side('b'), cases, counts, showcase: 'review-003', finishChanged, answers: texts };
  truths.set(state, truth);
  return truth;
}
