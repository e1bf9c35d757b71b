/** Settings that shape requests (issue 16 item 1) and the key-change rule (item 5), in plain Node. */
import assert from 'node:assert/strict';
import { keyChanged } from '../../src/model/accountKey';
import { describeValue, resolveSetting } from '../../src/model/settingsRules';

/** 1e400 as a settings.json holds it (JSON reads it as Infinity). */
const E400 = JSON.parse('1e400') as number;

describe('settings: checked, and a workspace may only make things calmer', () => {
  it('hostile interval values fall back to the default 30 s, each reported once with its value', () => {
    for (const bad of ['fast', Number.NaN, Infinity, E400, -5, 2_500_000, 3601, null, true, [30], { s: 30 }]) {
      const r = resolveSetting('autoRefresh.intervalSeconds', { globalValue: bad }, true);
      assert.equal(r.value, 30, `user value ${describeValue(bad)}`);
      assert.deepEqual(r.invalid, [{ key: 'autoRefresh.intervalSeconds', value: bad }]);
    }
    assert.deepEqual(resolveSetting('autoRefresh.intervalSeconds', { globalValue: 0 }, true), { value: 0, invalid: [] }, '0 is off, a valid value');
    assert.deepEqual(resolveSetting('autoRefresh.intervalSeconds', undefined, true), { value: 30, invalid: [] }, 'unset: the default, no warning');
  });

  it('a workspace interval may slow polling down or turn it off, never speed it up', () => {
    const interval = (globalValue: unknown, workspaceValue: unknown, trusted = true): unknown => resolveSetting('autoRefresh.intervalSeconds', { globalValue, workspaceValue }, trusted).value;
    assert.equal(interval(60, 10), 60, 'a faster workspace value is ignored');
    assert.equal(interval(undefined, 10), 30, 'not faster than the default either');
    assert.equal(interval(30, 300), 300, 'a slower one applies');
    assert.equal(interval(30, 0), 0, 'off applies');
    assert.equal(interval(0, 300), 0, 'the user\'s off stays off');
    assert.equal(interval(30, 'fast'), 30, 'an invalid workspace value is ignored');
    assert.equal(resolveSetting('autoRefresh.intervalSeconds', { globalValue: 60, workspaceFolderValue: 10 }, true).value, 60, 'a folder value neither');
    assert.equal(interval(30, 300, false), 30, 'an untrusted workspace is not read at all');
  });

  it('request-shaping settings read the user\'s value only, whatever a workspace says', () => {
    assert.equal(resolveSetting('pageSize', { globalValue: 50, workspaceValue: 1 }, true).value, 50);
    assert.equal(resolveSetting('requestTimeoutSeconds', { workspaceValue: 1 }, true).value, 30);
    assert.equal(resolveSetting('baseUrl', { workspaceValue: 'https://evil.example/v1' }, true).value, 'https://api.moonshot.ai/v1');
    assert.equal(resolveSetting('cache.maxMegabytes', { workspaceValue: 0 }, true).value, 1024);
  });

  it('the balance warning threshold is the user\'s: a number from 0, a workspace value ignored', () => {
    assert.equal(resolveSetting('balance.warnBelow', {}, true).value, 0);
    assert.equal(resolveSetting('balance.warnBelow', { globalValue: 5 }, true).value, 5);
    assert.equal(resolveSetting('balance.warnBelow', { globalValue: 5, workspaceValue: 1e6 }, true).value, 5);
    assert.equal(resolveSetting('balance.warnBelow', { globalValue: -1 }, true).value, 0);
    assert.equal(resolveSetting('balance.warnBelow', { globalValue: 2e9 }, true).value, 0);
    assert.equal(resolveSetting('balance.warnBelow', { globalValue: '5' }, true).value, 0);
  });

  it('numbers are checked for type, finiteness, range and (page size) wholeness', () => {
    assert.equal(resolveSetting('pageSize', { globalValue: 0 }, true).value, 20);
    assert.equal(resolveSetting('pageSize', { globalValue: 2.5 }, true).value, 20);
    assert.equal(resolveSetting('pageSize', { globalValue: 101 }, true).value, 20);
    assert.equal(resolveSetting('pageSize', { globalValue: 100 }, true).value, 100);
    assert.equal(resolveSetting('requestTimeoutSeconds', { globalValue: 0.5 }, true).value, 30);
    assert.equal(resolveSetting('requestTimeoutSeconds', { globalValue: '60' }, true).value, 30, 'a string is not a number');
    assert.equal(resolveSetting('cache.maxMegabytes', { globalValue: -1 }, true).value, 1024);
    assert.equal(resolveSetting('cache.maxMegabytes', { globalValue: E400 }, true).value, 1024);
    assert.equal(resolveSetting('files.confirmAboveMegabytes', { globalValue: Number.NaN }, true).value, 20);
  });

  it('a workspace may lower the download confirmation threshold, never raise it', () => {
    assert.equal(resolveSetting('files.confirmAboveMegabytes', { globalValue: 20, workspaceValue: 1e6 }, true).value, 20);
    assert.equal(resolveSetting('files.confirmAboveMegabytes', { globalValue: 20, workspaceValue: 5 }, true).value, 5);
    assert.equal(resolveSetting('files.confirmAboveMegabytes', { globalValue: 20, workspaceValue: 5 }, false).value, 20, 'untrusted: ignored');
  });

  it('booleans, strings and the pricing object are checked for their type', () => {
    assert.deepEqual(resolveSetting('notifications.onFinish', { globalValue: 'no' }, true), { value: true, invalid: [{ key: 'notifications.onFinish', value: 'no' }] });
    assert.equal(resolveSetting('validation.enabled', { workspaceValue: false }, true).value, false);
    assert.equal(resolveSetting('rowDetail.metadataKey', { globalValue: 7 }, true).value, 'description');
    assert.deepEqual(resolveSetting('pricing', { globalValue: [1, 2] }, true).value, {});
    assert.deepEqual(resolveSetting('pricing', { globalValue: { m: { input: 1, output: 2 } } }, true).value, { m: { input: 1, output: 2 } });
    assert.deepEqual(resolveSetting('pricing', { globalValue: { a: 1 }, workspaceValue: { b: 2 } }, false).value, { a: 1 }, 'untrusted: the user\'s prices');
  });

  it('describes a value for the warning as written', () => {
    assert.equal(describeValue('fast'), '"fast"');
    assert.equal(describeValue(E400), 'Infinity');
    assert.equal(describeValue(-5), '-5');
    assert.equal(describeValue({ a: 'x'.repeat(200) }).length, 80);
  });
});

describe('account: a key change rebuilds only when the current host\'s key changed', () => {
  const k = (host: string, key: string, source = 'secret'): { host: string; key: string; source: string } => ({ host, key, source });

  it('the same key stored again, or a key stored for another host, changes nothing', () => {
    assert.equal(keyChanged(k('api.moonshot.ai', 'sk-1'), k('api.moonshot.ai', 'sk-1')), false);
    assert.equal(keyChanged(undefined, undefined), false, 'no key before, none now (another host got one)');
  });

  it('another key, a removed key, a first key or another source for the host rebuilds', () => {
    assert.equal(keyChanged(k('api.moonshot.ai', 'sk-1'), k('api.moonshot.ai', 'sk-2')), true);
    assert.equal(keyChanged(k('api.moonshot.ai', 'sk-1'), undefined), true);
    assert.equal(keyChanged(undefined, k('api.moonshot.ai', 'sk-1')), true);
    assert.equal(keyChanged(k('api.moonshot.ai', 'sk-1'), k('api.moonshot.ai', 'sk-1', 'env')), true);
    assert.equal(keyChanged(k('api.moonshot.ai', 'sk-1'), k('api.moonshot.cn', 'sk-1')), true);
  });
});
