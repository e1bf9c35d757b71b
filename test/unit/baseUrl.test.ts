import assert from 'node:assert/strict';
import { isLoopbackHost, keyScopeOf, normalizeBaseUrl } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

describe('base URL', () => {
  it('normalises trailing slashes and adds /v1 to a bare host', () => {
    assert.equal(normalizeBaseUrl('https://api.moonshot.ai/v1/'), 'https://api.moonshot.ai/v1');
    assert.equal(normalizeBaseUrl('  https://api.moonshot.cn  '), 'https://api.moonshot.cn/v1');
    assert.equal(normalizeBaseUrl('http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080/v1');
    assert.equal(normalizeBaseUrl('http://[::1]:9/v1'), 'http://[::1]:9/v1');
    assert.equal(normalizeBaseUrl('http://localhost:9'), 'http://localhost:9/v1');
  });

  it('refuses plain http to any host that is not loopback', () => {
    for (const url of ['http://api.moonshot.ai/v1', 'http://10.0.0.5/v1', 'http://127.0.0.1.evil.com/v1', 'http://192.168.1.2/v1']) {
      assert.throws(() => normalizeBaseUrl(url), (e: Error & { kind?: string }) => e.kind === 'config' && /plain http/.test(e.message), url);
    }
  });

  it('refuses other schemes, credentials, queries and garbage', () => {
    for (const url of ['ftp://x/v1', 'https://user:pw@api.moonshot.ai/v1', 'https://api.moonshot.ai/v1?x=1', 'not a url', '']) {
      assert.throws(() => normalizeBaseUrl(url), { kind: 'config' }, url);
    }
  });

  it('knows loopback', () => {
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('127.255.1.2') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('128.0.0.1') && !isLoopbackHost('127.0.0.1.nip.io') && !isLoopbackHost('example.com'));
  });

  it('scopes keys by host', () => {
    assert.equal(keyScopeOf('https://API.moonshot.cn/v1'), 'api.moonshot.cn');
  });

  it('a refused URL sends nothing (the key stays home)', async () => {
    const fake = await FakeMoonshot.start({ data: 'empty' });
    try {
      assert.throws(() => testClient(fake, { baseUrl: fake.url.replace('127.0.0.1', 'example.com') }), { kind: 'config' });
      assert.equal(fake.requests.length, 0);
    } finally { await fake.close(); }
  });
});
