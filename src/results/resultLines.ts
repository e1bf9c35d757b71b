/**
 * How the results files are split into lines (join, search): blank lines skipped, numbered from 1 as an
 * editor shows them; a `LineRef` keeps the byte offset and length `ByteLineSplitter` hands over.
 */
import type { SplitOptions } from '../jsonl/byteLines';

export const RESULT_LINES: SplitOptions = { blankLines: 'skip', firstLine: 1 };
