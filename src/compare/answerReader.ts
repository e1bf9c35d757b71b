/**
 * The full answer text of a result row (`choices[0].message.content`), read again from its cached
 * answer file by byte offset: one open cursor per file, so a pass over many rows opens each file once.
 */
import { LineCursor } from '../jsonl/lineCursor';
import { answerContent } from '../results/extract';
import type { ResultFileKind, ResultFilePaths, ResultRow } from '../results/types';
import { isObject } from '../shared/json';

export class AnswerReader {
  private readonly cursors = new Map<ResultFileKind, Promise<LineCursor>>();

  constructor(private readonly paths: ResultFilePaths) {}

  /** The answer's content; null when the row has no answer, its file is not cached, or the line is not a JSON object. */
  async answer(row: ResultRow): Promise<string | null> {
    const ref = row.answer;
    const path = ref === null ? undefined : this.paths[ref.file];
    if (ref === null || path === undefined) { return null; }
    let cursor = this.cursors.get(ref.file);
    if (cursor === undefined) { cursor = LineCursor.open(path); this.cursors.set(ref.file, cursor); }
    const text = await (await cursor).read(ref);
    let line: unknown;
    try { line = JSON.parse(text); } catch { return null; }
    return isObject(line) ? answerContent(line) : null;
  }

  async close(): Promise<void> {
    const open = [...this.cursors.values()];
    this.cursors.clear();
    for (const cursor of open) { await (await cursor).close(); }
  }
}
