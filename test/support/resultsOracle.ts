/**
 * What an export of a batch's results must contain, computed the plain way (whole strings, split,
 * JSON.parse, a Map) from the fake's own files: an oracle for tests, independent of src/results.
 */
export interface ExpectedResult {
  readonly custom_id: string;
  readonly outcome: 'succeeded' | 'failed' | 'missing' | 'orphan';
  readonly status_code: number | null;
  readonly request: unknown;
  readonly response: unknown;
  readonly error: unknown;
}

type Line = Record<string, unknown> & { custom_id?: unknown; response?: { status_code?: unknown; body?: unknown } | null; error?: unknown; body?: unknown };

function lines(text: string | undefined): Line[] {
  return (text ?? '').split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Line);
}

export function expectedResults(input: string, output: string | undefined, error: string | undefined): ExpectedResult[] {
  const answers = new Map<string, { line: Line; fromErrorFile: boolean }>();
  const orphans: Array<{ line: Line; fromErrorFile: boolean }> = [];
  const inputs = lines(input);
  const ids = new Set(inputs.map((l) => String(l.custom_id)));
  for (const [text, fromErrorFile] of [[output, false], [error, true]] as const) {
    for (const line of lines(text)) {
      const id = String(line.custom_id);
      if (!ids.has(id)) { orphans.push({ line, fromErrorFile }); continue; }
      if (!answers.has(id)) { answers.set(id, { line, fromErrorFile }); }
    }
  }
  const of = (customId: string, request: unknown, answer: { line: Line; fromErrorFile: boolean } | undefined, orphan: boolean): ExpectedResult => {
    if (!answer) { return { custom_id: customId, outcome: 'missing', status_code: null, request, response: null, error: null }; }
    const status = typeof answer.line.response?.status_code === 'number' ? answer.line.response.status_code : null;
    const body = answer.line.response?.body ?? null;
    const ok = !answer.fromErrorFile && status !== null && status >= 200 && status < 300 && (answer.line.error ?? null) === null;
    const bodyError: unknown = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).error ?? null : null;
    const err: unknown = answer.line.error ?? (status === null || status >= 400 ? bodyError : null);
    return { custom_id: customId, outcome: orphan ? 'orphan' : ok ? 'succeeded' : 'failed', status_code: status, request, response: body, error: err };
  };
  return [
    ...inputs.map((l) => of(String(l.custom_id), l.body ?? null, answers.get(String(l.custom_id)), false)),
    ...orphans.map((o) => of(String(o.line.custom_id), null, o, true)),
  ];
}
