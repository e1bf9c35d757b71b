/** Small JSONL fixtures for the results tests, written to a fresh temporary folder per test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tmpDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-results-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;
/** Writes `content` (string or bytes) to a new file in `dir` and returns its path. */
export function writeFile(dir: string, content: string | Uint8Array, name = `f${++counter}.jsonl`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function jsonl(...lines: unknown[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

export function request(customId: unknown, userText: unknown = `question ${String(customId)}`, model = 'kimi-k2.6'): Record<string, unknown> {
  return {
    custom_id: customId, method: 'POST', url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: userText }] },
  };
}

export interface AnswerOptions {
  readonly status?: number;
  readonly finishReason?: string;
  readonly usage?: Record<string, unknown>;
  readonly model?: string;
}

export function answer(customId: unknown, content: unknown = `answer ${String(customId)}`, options: AnswerOptions = {}): Record<string, unknown> {
  return {
    id: String(customId), custom_id: customId,
    response: {
      status_code: options.status ?? 200, request_id: '',
      body: {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1711475054, model: options.model ?? 'kimi-k2.6',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: options.finishReason ?? 'stop' }],
        usage: options.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      },
    },
    error: null,
  };
}

/** Error-file shape 1: no response, an error object. */
export function errorLine(customId: unknown, code: string, message: string): Record<string, unknown> {
  return { custom_id: customId, response: null, error: { code, message } };
}

/** Error-file shape 2: a status ≥ 400 with an error body. */
export function errorBodyLine(customId: unknown, status: number, type: string, message: string, code?: string): Record<string, unknown> {
  return {
    custom_id: customId,
    response: { status_code: status, request_id: 'req-1', body: { error: { message, type, ...(code === undefined ? {} : { code }) } } },
    error: null,
  };
}

/** The bytes as an async stream of chunks split at `cuts` (any order, out-of-range cuts ignored). */
export async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut > from && cut < bytes.length) {
      await Promise.resolve();
      yield bytes.slice(from, cut);
      from = cut;
    }
  }
  yield bytes.slice(from);
}
