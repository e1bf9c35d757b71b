/**
 * TableQueries.receive, the front of the results and compare panels' `receive`: a dropped message is
 * logged, "ready" shows the page all it has (status, summary, view, in that order), "reload" and "export"
 * go to the panel and are awaited, the table's messages are served for the session given, a page query
 * superseding a rerun at once. A fake session and panel record what happens, in order.
 */
import assert from 'node:assert/strict';
import type { TablePageMessage } from '../../src/results/tableProtocol';
import { TableQueries, type TablePageHandlers, type TableSession } from '../../src/views/tableQueries';
import { settle } from '../support/deferredSource';

interface Query { readonly type: 'query'; readonly search: string; readonly name: string }
interface Answer { readonly type: string; readonly of: string }

/** A session named `name` whose answers say what they answer. */
function session(name: string): TableSession<Query, Answer> {
  return {
    apply: (q) => Promise.resolve({ type: 'view', of: `${name}:${q.name}` }),
    slice: (generation, start, end) => ({ type: 'rows', of: `${name}:${generation}:${start}-${end}` }),
    detail: (index) => Promise.resolve({ type: 'detail', of: `${name}:${index}` }),
    view: () => ({ type: 'view', of: `${name}:current` }),
  };
}

/** A panel: its posts and its handlers' calls in one log, in order; `reload` and `export` settle when the test says. */
function panel(): { log: string[]; queries: TableQueries<Query, Answer, TableSession<Query, Answer>>; page: TablePageHandlers; finish: (what: 'reload' | 'export') => void } {
  const log: string[] = [];
  const pending = new Map<string, () => void>();
  const waits = (what: 'reload' | 'export') => (): Promise<void> => new Promise((resolve) => { log.push(what); pending.set(what, resolve); });
  const queries = new TableQueries<Query, Answer, TableSession<Query, Answer>>({
    post: (m) => { log.push(`post ${m.type} ${'of' in m ? m.of : m.search}`); },
    current: () => true,
    queryFailed: (message) => { log.push(`failed ${message}`); },
  });
  const page: TablePageHandlers = {
    ignored: () => { log.push('ignored'); },
    ready: () => { log.push('ready'); },
    summary: () => { log.push('summary'); },
    reload: waits('reload'),
    export: waits('export'),
  };
  return { log, queries, page, finish: (what) => { pending.get(what)?.(); } };
}

const query = (name: string, search = ''): Query => ({ type: 'query', search, name });

describe('views/tableQueries: the front of a table panel\'s receive', () => {
  it('a message the allow-list dropped is logged as ignored, and nothing else happens', async () => {
    const p = panel();
    await p.queries.receive(session('s1'), undefined, p.page);
    assert.deepEqual(p.log, ['ignored']);
  });

  it('"ready": the panel marks the page ready (its status), then posts its summary, then the session\'s view', async () => {
    const p = panel();
    await p.queries.receive(session('s1'), { type: 'ready' }, p.page);
    assert.deepEqual(p.log, ['ready', 'summary', 'post view s1:current']);
  });

  it('"ready" before anything is loaded: only the status (no summary, no view)', async () => {
    const p = panel();
    await p.queries.receive(undefined, { type: 'ready' }, p.page);
    assert.deepEqual(p.log, ['ready']);
  });

  for (const what of ['reload', 'export'] as const) {
    it(`"${what}" goes to the panel, and receive settles only when the panel's ${what} has`, async () => {
      const p = panel();
      let settled = false;
      const receiving = p.queries.receive(session('s1'), { type: what }, p.page).then(() => { settled = true; });
      await settle();
      assert.deepEqual([p.log, settled], [[what], false]);
      p.finish(what);
      await receiving;
      assert.equal(settled, true);
      assert.deepEqual(p.log, [what]);
    });
  }

  it('a query, a slice and a detail are served for the session given', async () => {
    const p = panel();
    const s = session('s1');
    const messages: Array<TablePageMessage | Query> = [query('q1', 'paris'), { type: 'rows', generation: 3, start: 0, end: 50 }, { type: 'detail', index: 7 }];
    for (const m of messages) { await p.queries.receive(s, m, p.page); }
    assert.deepEqual(p.log, ['post searching paris', 'post view s1:q1', 'post rows s1:3:0-50', 'post detail s1:7']);
  });

  it('a page query supersedes a rerun under way at once, even one whose answer is ready: only the page query\'s view', async () => {
    const p = panel();
    const s = session('s1');
    // As a schema check does it: the rerun's answer is there, but it has not resumed yet when the page's query arrives.
    const rerun = p.queries.rerun(s, query('rerun'));
    const receiving = p.queries.receive(s, query('page'), p.page);
    assert.equal(await rerun, undefined);
    await receiving;
    assert.deepEqual(p.log, ['post view s1:page']);
  });

  it('show: the summary then the view of the session given; nothing without one', () => {
    const p = panel();
    p.queries.show(undefined, p.page);
    p.queries.show(session('s2'), p.page);
    assert.deepEqual(p.log, ['summary', 'post view s2:current']);
  });
});
