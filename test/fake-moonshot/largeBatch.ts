/**
 * Large batch files for benchmarks and tests, written straight to disk line by line (never one big
 * string): an input of `requests` chat requests (≈ 1,000 bytes a line), an output of the answers
 * (≈ 2,050 bytes a line) in shuffled order, and an error file of both error shapes (`failRate`).
 * At 50,000 requests: input ≈ 50 MB, output ≈ 100 MB. Same seed, same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { chatRequest, fillerText, promptTokensOf, requestStyle } from './chatContent';
import { Random, intBetween, seededRandom } from './random';
import { LineIdStyle, ResultsTruth, TruthEntry, answerLine, failureLine, shuffled, truthOf } from './resultLines';

export interface LargeBatchOptions {
  readonly requests: number;
  /** Share of requests that fail (default 0.02). */
  readonly failRate?: number;
  readonly seed?: number;
  /** Mean size of an input line in bytes (default 1,000). */
  readonly inputLineBytes?: number;
  /** Mean size of an output line in bytes (default 2,050: at 2 % failures, 50,000 requests make ≈ 100 MB). */
  readonly outputLineBytes?: number;
}

export interface LargeBatchFiles {
  readonly input: string;
  readonly output: string;
  readonly error: string;
  /** What the files hold, as the generator decided it: every request is answered or failed once (input order). */
  readonly truth: ResultsTruth;
}

/** Each request draws from its own stream, so the input and output phases need not keep its text. */
function requestRandom(seed: number, index: number, phase: number): Random {
  return seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77) ^ Math.imul(phase, 0xc2b2ae3d)) >>> 0);
}

export function customIdOf(index: number): string {
  return `request-${String(index + 1).padStart(6, '0')}`;
}

/** Writes lines to a file in 64 KB chunks, waiting for the stream to drain. */
async function writeLines(file: string, count: number, lineAt: (k: number) => string): Promise<void> {
  const stream = fs.createWriteStream(file);
  const failed = once(stream, 'error').then(([e]) => { throw e; });
  try {
    let chunk = '';
    for (let k = 0; k < count; k++) {
      chunk += lineAt(k) + '\n';
      if (chunk.length >= 65_536 || k === count - 1) {
        const ok = stream.write(chunk);
        chunk = '';
        if (!ok) { await Promise.race([once(stream, 'drain'), failed]); }
      }
    }
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
  } finally {
    failed.catch(() => undefined);
    stream.destroy();
  }
}

export async function writeLargeBatchFiles(dir: string, options: LargeBatchOptions): Promise<LargeBatchFiles> {
  const seed = options.seed ?? 1;
  const failRate = options.failRate ?? 0.02;
  const inputBytes = options.inputLineBytes ?? 1000;
  const outputBytes = options.outputLineBytes ?? 2050;
  const n = options.requests;
  const batchRandom = seededRandom(seed);
  const style = requestStyle(batchRandom);
  const idStyle: LineIdStyle = batchRandom() < 0.5 ? 'moonshot' : 'openai';
  const reportsCache = batchRandom() < 0.5;
  fs.mkdirSync(dir, { recursive: true });
  const files = { input: path.join(dir, 'input.jsonl'), output: path.join(dir, 'output.jsonl'), error: path.join(dir, 'error.jsonl') };

  // What the output phase needs of each request, kept compact instead of its text.
  const promptTokens = new Uint32Array(n);
  const maxTokens = new Uint32Array(n);
  const failed = new Uint8Array(n);
  await writeLines(files.input, n, (i) => {
    const random = requestRandom(seed, i, 1);
    const target = intBetween(random, Math.floor(inputBytes * 0.5), Math.floor(inputBytes * 1.5));
    const body = chatRequest(random, style);
    const line = (): string => JSON.stringify({ custom_id: customIdOf(i), method: 'POST', url: '/v1/chat/completions', body });
    let text = line();
    // The filler overshoots by half a sentence on average: aim that much lower.
    const short = target - 50 - Buffer.byteLength(text);
    if (short > 0) {
      const last = body.messages[body.messages.length - 1];
      body.messages[body.messages.length - 1] = { ...last, content: `${last.content}\n\n${fillerText(random, short)}` };
      text = line();
    }
    promptTokens[i] = promptTokensOf(body);
    maxTokens[i] = body.max_tokens ?? 0;
    failed[i] = random() < failRate ? 1 : 0;
    return text;
  });

  const order = shuffled(batchRandom, Array.from({ length: n }, (_, i) => i));
  const answered = order.filter((i) => failed[i] === 0);
  const errored = order.filter((i) => failed[i] === 1);
  // Answer text ≈ the line's target minus the envelope (ids, usage, model) and the filler's overshoot.
  const outcomes: Array<TruthEntry | undefined> = new Array<TruthEntry | undefined>(n);
  await writeLines(files.output, answered.length, (k) => {
    const i = answered[k];
    const random = requestRandom(seed, i, 2);
    const target = intBetween(random, Math.floor(outputBytes * 0.5), Math.floor(outputBytes * 1.5));
    const request = { customId: customIdOf(i), model: style.model, maxTokens: maxTokens[i] === 0 ? null : maxTokens[i], promptTokens: promptTokens[i] };
    const line = answerLine(random, request, { created: 1_790_000_000, idStyle, answers: 'mixed', reportsCache, minAnswerBytes: Math.max(20, target - 490) });
    outcomes[i] = line.truth;
    return JSON.stringify(line.json);
  });
  await writeLines(files.error, errored.length, (k) => {
    const i = errored[k];
    const line = failureLine(requestRandom(seed, i, 3), customIdOf(i), idStyle);
    outcomes[i] = line.truth;
    return JSON.stringify(line.json);
  });
  return { ...files, truth: truthOf(new Map(outcomes.map((t, i) => [customIdOf(i), t as TruthEntry])), 0) };
}
