/**
 * The files of two batches to compare, written as plain JSONL (never with the product's code): A and B
 * answer the same questions with an identical answer (same), answers equal but for whitespace (ws),
 * different answers with a changed finish reason (diff), a failure on A's side (afail), on B's (bfail),
 * on both (both), and one request in each input only (onlya, onlyb). B's output is in another order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompareSession, type CompareSide } from '../../src/compare/compareSession';
import { joinResults } from '../../src/results/join';

export interface SideFiles { readonly input: string; readonly output: string; readonly error: string }

export interface ComparePairFiles {
  /** The temp folder holding all six files (the caller removes it). */
  readonly dir: string;
  readonly a: SideFiles;
  readonly b: SideFiles;
}

const input = (id: string, model: string, text: string): string => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: text }] } });
const answer = (id: string, content: string, total: number, finish = 'stop'): string => JSON.stringify({
  custom_id: id, response: { status_code: 200, body: { model: 'm', choices: [{ message: { role: 'assistant', content }, finish_reason: finish }], usage: { prompt_tokens: total - 2, completion_tokens: 2, total_tokens: total } } },
});
const failure = (id: string, message: string): string => JSON.stringify({ custom_id: id, response: null, error: { code: 'server_error', message } });

function writeSide(dir: string, name: string, files: Record<keyof SideFiles, string[]>): SideFiles {
  const file = (kind: keyof SideFiles): string => {
    const p = path.join(dir, `${name}-${kind}.jsonl`);
    const lines = files[kind];
    fs.writeFileSync(p, lines.length ? `${lines.join('\n')}\n` : '');
    return p;
  };
  return { input: file('input'), output: file('output'), error: file('error') };
}

/** Writes the pair's files to a new temp folder. */
export function writeComparePair(): ComparePairFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-compare-session-'));
  const a = writeSide(dir, 'a', {
    input: ['same', 'ws', 'diff', 'afail', 'bfail', 'both', 'onlya'].map((id) => input(id, 'model-a', `question ${id}`)),
    output: [answer('same', 'Paris', 10), answer('ws', 'The answer  is 42', 11), answer('diff', 'red apple', 12), answer('bfail', '=SUM(A1:A2)', 13), answer('onlya', 'alone', 14)],
    error: [failure('afail', 'overloaded'), failure('both', 'overloaded')],
  });
  const b = writeSide(dir, 'b', {
    input: ['same', 'ws', 'diff', 'afail', 'bfail', 'both', 'onlyb'].map((id) => input(id, 'model-b', `question ${id}`)),
    output: [answer('onlyb', 'lonely zebra', 5), answer('diff', 'green apple', 20, 'length'), answer('afail', 'recovered', 7), answer('ws', 'The answer is 42', 9), answer('same', 'Paris', 10)],
    error: [failure('bfail', 'context too long'), failure('both', 'context too long')],
  });
  return { dir, a, b };
}

/** The pair's files joined (each side by the product's join) and compared: the session the tests query. */
export async function comparePairSession(files: ComparePairFiles): Promise<CompareSession> {
  const side = async (name: 'a' | 'b'): Promise<CompareSide> => ({ batchId: `batch_${name}`, results: await joinResults(files[name]), paths: files[name] });
  return CompareSession.build(await side('a'), await side('b'));
}

/**
 * For a mocha suite over the pair: writes the files and builds the session before its tests (handed to
 * `use`), removes the files after them.
 */
export function useComparePairSession(use: (session: CompareSession) => void): void {
  let files: ComparePairFiles | undefined;
  before(async () => {
    files = writeComparePair();
    use(await comparePairSession(files));
  });
  after(() => { if (files) { fs.rmSync(files.dir, { recursive: true, force: true }); } });
}

/** The custom_ids of the session's pairs in its current order. */
export function pairIds(session: CompareSession): string[] {
  return [...session.currentOrder].map((i) => session.pairView(i).customId);
}
