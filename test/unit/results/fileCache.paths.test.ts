/** Where the cache keeps a file: one folder per host (any letter case), the id made safe and told apart by a short hash. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { FileCache } from '../../../src/results/fileCache';

describe('results/fileCache paths', () => {
  const cache = new FileCache('/cache', () => 1e9);

  it('names the host folder by the first 16 hex of the lower-cased host\'s sha256, and the file by its id and 8 hex of its sha256', () => {
    // sha256("api.moonshot.cn") starts bbf6ab9643c304ec…; sha256("file_1") starts a7be2440…
    assert.equal(cache.pathOf('API.Moonshot.CN', 'file_1'), path.join('/cache', 'bbf6ab9643c304ec', 'file_1.a7be2440.jsonl'));
    assert.equal(cache.pathOf('api.moonshot.cn', 'file_1'), path.join('/cache', 'bbf6ab9643c304ec', 'file_1.a7be2440.jsonl'));
  });

  it('replaces each character outside letters, digits, dot, underscore and dash by "_" (the hash is of the id as given)', () => {
    // sha256("file/ab c:1") starts ae27a62e.
    assert.equal(cache.pathOf('api.moonshot.cn', 'file/ab c:1'), path.join('/cache', 'bbf6ab9643c304ec', 'file_ab_c_1.ae27a62e.jsonl'));
  });
});
