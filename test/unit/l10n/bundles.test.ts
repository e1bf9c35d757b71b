/** The Chinese (zh-cn) bundles are complete: no English string slips through a missing key. */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractMessages } from './extract';
import { englishLocalize } from '../../../src/shared/l10n';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const readJson = (...parts: string[]): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, ...parts), 'utf8')) as Record<string, unknown>;
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1] ?? '').sort();

describe('l10n bundles', function () {
  this.timeout(60_000);
  let extracted: Record<string, string> = {};
  before(async () => { extracted = await extractMessages(root); });

  it('l10n/bundle.l10n.json holds exactly the l10n.t messages of src/ (npm run l10n:export)', () => {
    assert.ok(Object.keys(extracted).length > 100, `only ${Object.keys(extracted).length} messages found`);
    assert.deepEqual(readJson('l10n', 'bundle.l10n.json'), extracted);
  });

  it('every l10n.t message of src/ has a non-empty zh-cn translation with the same placeholders', () => {
    const zh = readJson('l10n', 'bundle.l10n.zh-cn.json');
    const missing = Object.keys(extracted).filter((k) => typeof zh[k] !== 'string' || zh[k] === '');
    assert.deepEqual(missing, []);
    const mismatched = Object.keys(extracted).filter((k) => placeholders(k).join() !== placeholders(String(zh[k])).join());
    assert.deepEqual(mismatched, []);
    assert.deepEqual(Object.keys(zh).filter((k) => !(k in extracted)), [], 'zh-cn keys no source uses');
  });

  it('every %key% of package.json is in package.nls.json, and every package.nls.json key has a zh-cn entry', () => {
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = [...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? '');
    const nls = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    assert.ok(used.length > 50, `only ${used.length} %key% placeholders`);
    assert.deepEqual(used.filter((k) => typeof nls[k] !== 'string'), []);
    assert.deepEqual(Object.keys(nls).filter((k) => typeof zh[k] !== 'string' || zh[k] === ''), []);
    assert.deepEqual(Object.keys(zh).filter((k) => !(k in nls)), []);
    assert.deepEqual(Object.keys(nls).filter((k) => !used.includes(k)), [], 'package.nls.json keys package.json does not use');
  });

  it('every command title, category and view name of package.json is a %key% (nothing left in English only)', () => {
    const pkg = readJson('package.json') as { contributes: { commands: Array<{ title: string; category: string }>; views: Record<string, Array<{ name: string }>> } };
    const literal = [
      ...pkg.contributes.commands.flatMap((c) => [c.title, c.category]),
      ...Object.values(pkg.contributes.views).flat().map((v) => v.name),
    ].filter((t) => !/^%[^%]+%$/.test(t));
    assert.deepEqual(literal, []);
  });

  it('the English formatter of the vscode-free layers fills {n} placeholders as vscode.l10n.t does', () => {
    assert.equal(englishLocalize('{0} of {1} loaded · {0}', 3, 'x'), '3 of x loaded · 3');
    assert.equal(englishLocalize('left {2} alone', 1), 'left {2} alone');
  });
});
