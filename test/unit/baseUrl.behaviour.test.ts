/** The exact refusals and normalisations of a base URL, as the user reads them in the error. */
import assert from 'node:assert/strict';
import { MoonshotApiError, normalizeBaseUrl } from '../../src/api';

function refusal(raw: string): string {
  try {
    normalizeBaseUrl(raw);
  } catch (e) {
    assert.ok(e instanceof MoonshotApiError);
    assert.equal(e.kind, 'config');
    return e.message;
  }
  assert.fail(`accepted ${raw}`);
}

describe('base URL behaviour', () => {
  it('names the trimmed text of an invalid URL and an example', () => {
    assert.equal(refusal('  not a url  '), 'The base URL "not a url" is not a valid URL. Expected e.g. https://api.moonshot.ai/v1.');
  });

  it('names the refused scheme without its colon', () => {
    assert.equal(refusal('ftp://api.moonshot.cn/v1'), 'The base URL must use https, not ftp.');
  });

  it('refuses a user name alone or a password alone', () => {
    assert.equal(refusal('https://someone@api.moonshot.cn/v1'), 'The base URL must not contain a user name or password.');
    assert.equal(refusal('https://:secret@api.moonshot.cn/v1'), 'The base URL must not contain a user name or password.');
  });

  it('refuses a query or a fragment', () => {
    assert.equal(refusal('https://api.moonshot.cn/v1?x=1'), 'The base URL must not contain a query or fragment.');
    assert.equal(refusal('https://api.moonshot.cn/v1#top'), 'The base URL must not contain a query or fragment.');
  });

  it('keeps a custom path and drops every trailing slash', () => {
    assert.equal(normalizeBaseUrl('https://proxy.example.com/moonshot/v1//'), 'https://proxy.example.com/moonshot/v1');
    assert.equal(normalizeBaseUrl('https://api.moonshot.cn///'), 'https://api.moonshot.cn/v1');
  });
});
