/**
 * The floor plan is enforced: the floor rule (eslint.floors.cjs, spread into
 * eslint.config.mjs) flags an import that runs back up, and lets the ones that run down or sideways pass.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { floorConfigs } = require(path.join(root, 'eslint.floors.cjs')) as { floorConfigs: Linter.Config[] };

const linter = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...floorConfigs],
});

/** The messages of the floor rule for `source` as if it were the file `file` (relative to the root). */
async function floorMessages(file: string, source: string): Promise<string[]> {
  const [result] = await linter.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'floors/imports-run-down').map((m) => m.message);
}

describe('floor plan: imports run down, never up', function () {
  this.timeout(30_000);

  const upward: Array<[string, string]> = [
    ['src/shared/planted.ts', "import { client } from '../api/client';"],
    ['src/api/planted.ts', "import { BatchPager } from '../model/batchPager';"],
    ['src/api/planted.ts', "import { join } from '../results/join';"],
    ['src/shared/planted.ts', "import { readLines } from '../jsonl/fileLines';"],
    ['src/jsonl/planted.ts', "import { client } from '../api/client';"],
    ['src/jsonl/planted.ts', "import { joinResults } from '../results/join';"],
    ['src/model/planted.ts', "import { AccountService } from '../account/accountService';"],
    ['src/submit/planted.ts', "import { logger } from '../log/logger';"],
    ['src/config/planted.ts', "import { BatchView } from '../views/batchView';"],
    ['src/views/live/planted.ts', "import { registerAll } from '../../commands/treeCommands';"],
    ['src/commands/planted.ts', "import { activate } from '../extension';"],
    ['src/api/planted.ts', "export async function load(): Promise<unknown> { return import('../model/batchPager'); }"],
    ['src/api/planted.ts', "export type Pager = import('../model/batchPager').BatchPager;"],
    ['src/api/planted.ts', "export { BatchPager } from '../model/batchPager';"],
    ['src/api/planted.ts', "export * from '../model/batchPager';"],
    // Spellings that do not start with the floor's name resolve to it all the same.
    ['src/api/planted.ts', "import { BatchPager } from '../../src/model/batchPager';"],
    ['src/api/planted.ts', "import { BatchPager } from '../shared/../model/batchPager';"],
    ['src/api/planted.ts', "import { BatchPager } from './../model/batchPager';"],
    ['src/views/results/planted.ts', "import { registerAll } from '../results/../../commands/treeCommands';"],
    ['src/api/planted.ts', "import pager = require('../model/batchPager');"],
    ['src/api/planted.ts', "const pager: unknown = require('../model/batchPager'); export { pager };"],
  ];
  for (const [file, source] of upward) {
    it(`flags ${file}: ${source}`, async () => {
      const messages = await floorMessages(file, source);
      assert.equal(messages.length, 1, `one upward import flagged, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] ?? '', /imports run down the floors/);
    });
  }

  it('the four lowest floors may not import vscode; the account floor may', async () => {
    for (const file of ['src/shared/planted.ts', 'src/jsonl/planted.ts', 'src/api/planted.ts', 'src/results/planted.ts']) {
      assert.deepEqual((await floorMessages(file, "import * as vscode from 'vscode';")).length, 1, file);
      assert.deepEqual((await floorMessages(file, "export async function w(): Promise<unknown> { return import('vscode'); }")).length, 1, `${file}: import('vscode')`);
      assert.deepEqual((await floorMessages(file, "export type W = typeof import('vscode');")).length, 1, `${file}: typeof import('vscode')`);
    }
    assert.deepEqual(await floorMessages('src/account/planted.ts', "import * as vscode from 'vscode';"), []);
  });

  it('imports down or sideways pass', async () => {
    const allowed: Array<[string, string]> = [
      ['src/api/planted.ts', "import { l10n } from '../shared/l10n';"],
      ['src/jsonl/planted.ts', "import { throwIfAborted } from '../shared/abort';"],
      ['src/results/planted.ts', "import { ByteLineSplitter } from '../jsonl/byteLines';"],
      ['src/submit/planted.ts', "import { readLines } from '../jsonl/fileLines';"],
      ['src/model/planted.ts', "import type { Batch } from '../api/types';"],
      ['src/results/planted.ts', "import { findValueRange } from '../submit/jsonKeyScanner';"],
      ['src/views/results/planted.ts', "import { joinResults } from '../../results/join';"],
      ['src/views/live/planted.ts', "import { BatchPanels } from '../panel/batchPanels';"],
      ['src/commands/planted.ts', "import { BatchView } from '../views/batchView';"],
      ['src/extension.ts', "import { registerFindCommands } from './commands/findCommands';"],
      ['src/api/planted.ts', "export async function load(): Promise<unknown> { return import('../shared/l10n'); }"],
    ];
    for (const [file, source] of allowed) {
      assert.deepEqual(await floorMessages(file, source), [], `${file}: ${source}`);
    }
  });

  it('a folder that is not on the plan is flagged, and so is an import into it from a floor', async () => {
    assert.deepEqual(await floorMessages('src/newroom/planted.ts', 'export const x = 1;'), [
      'src/newroom is not on the floor plan: add it to FLOORS in eslint.floors.cjs (imports run down the floors, docs/ARCHITECTURE.md).',
    ]);
    const messages = await floorMessages('src/model/planted.ts', "import { x } from '../newroom/planted';");
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0], 'src/model, src/results, src/submit, src/cost, src/compare is below a folder off the plan: imports run down the floors (docs/ARCHITECTURE.md).');
  });

  it('files outside src/ and packages are not on the plan and pass', async () => {
    assert.deepEqual(await floorMessages('test/unit/planted.ts', "import { activate } from '../../src/extension';"), []);
    assert.deepEqual(await floorMessages('src/api/planted.ts', "import fetch from 'node-fetch';"), []);
    assert.deepEqual(await floorMessages('src/api/planted.ts', "import { x } from '../../test/unit/planted';"), []);
  });

  it('the repository config carries the floor rule (src/api/client.ts is checked by it)', async () => {
    const config = (await new ESLint({ cwd: root }).calculateConfigForFile(path.join(root, 'src/api/client.ts'))) as { rules?: Record<string, unknown> };
    assert.deepEqual(config.rules?.['floors/imports-run-down'], [2]);
  });
});
