/** One pass over parsed lines: requests, the model, the output ceiling, the message bytes. */
import assert from 'node:assert/strict';
import { CostScan, messagesOf, roughInputTokens } from '../../../src/cost/costScan';

const line = (body: Record<string, unknown>): unknown => ({ custom_id: 'r', method: 'POST', url: '/v1/chat/completions', body });
const hi = [{ role: 'user', content: 'hi' }]; // 32 bytes as JSON
const nihao = [{ role: 'system', content: '你好' }, { role: 'user', content: 'ok' }]; // 69 bytes as JSON (你好 is 6)

describe('cost: scan of a batch file', () => {
  it('every line sets max_tokens: the output ceiling is their sum; bytes are UTF-8 of the messages JSON', () => {
    const scan = new CostScan();
    scan.add(line({ model: 'kimi-k2.6', messages: hi, max_tokens: 100 }));
    scan.add(line({ model: 'kimi-k2.6', messages: nihao, max_completion_tokens: 250 }));
    assert.deepEqual(scan.result(), { requests: 2, model: 'kimi-k2.6', maxOutputTokens: 350, withoutMaxTokens: 0, messageBytes: 101 });
    assert.equal(roughInputTokens(scan.result()), 26);
  });

  it('one line without a usable max_tokens: no ceiling, and how many lack it', () => {
    const scan = new CostScan();
    scan.add(line({ model: '', messages: hi, max_tokens: 100 }));
    scan.add(line({ model: 'kimi-k2.6', messages: hi, max_tokens: 0 }));
    scan.add(line({ model: 'other', messages: hi, max_tokens: 1.5 }));
    scan.add(line({ messages: hi, max_tokens: '100' }));
    const result = scan.result();
    assert.equal(result.model, 'kimi-k2.6', 'the first non-empty model');
    assert.equal(result.maxOutputTokens, undefined);
    assert.equal(result.withoutMaxTokens, 3);
    assert.equal(result.requests, 4);
    assert.equal(result.messageBytes, 128);
  });

  it('lines without a body are not requests; a body without messages counts with no bytes', () => {
    const scan = new CostScan();
    for (const odd of [null, 7, 'text', [], {}, { body: [] }, { body: 'x' }]) { scan.add(odd); }
    scan.add(line({ model: 'm', max_tokens: 5 }));
    assert.deepEqual(scan.result(), { requests: 1, model: 'm', maxOutputTokens: 5, withoutMaxTokens: 0, messageBytes: 0 });
    assert.deepEqual(new CostScan().result(), { requests: 0, model: undefined, maxOutputTokens: undefined, withoutMaxTokens: 0, messageBytes: 0 });
  });

  it('messagesOf reads body.messages when it is an array', () => {
    assert.deepEqual(messagesOf(line({ messages: hi })), hi);
    assert.equal(messagesOf(line({ messages: 'hi' })), undefined);
    assert.equal(messagesOf({ messages: hi }), undefined);
    assert.equal(messagesOf(null), undefined);
  });
});
