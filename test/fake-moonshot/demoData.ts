/**
 * Demo data: a realistic account with batches in all eight states, spread over the last weeks,
 * with request counts, metadata (some in Chinese) and output/error files that answer the input's
 * custom_ids. Two completed batches are special: one whose answers all carry HTML payloads
 * (`state.hostileAnswersBatchId`) and one with an orphan and a duplicate answer line
 * (`state.anomalyBatchId`). Deterministic for a given seed and "now".
 */
import { FakeState } from './state';
import { intBetween, pick, seededRandom } from './random';
import { addComparePair } from './comparePair';

const METADATA: ReadonlyArray<Record<string, string> | null> = [
  { project: 'support-triage', owner: 'lin.wei' },
  { project: '客服质检', owner: '王磊', 说明: '每日客服对话质检' },
  { dataset: 'reviews-2026-11', purpose: 'sentiment' },
  { 任务: '商品标题改写', 批次: '第 3 批' },
  { experiment: 'prompt-v7', team: 'search-quality' },
  null,
  null,
  { description: 'Invoice extraction, EU region' },
];

/** How many batches of each status the demo account holds (64 in all). */
const MIX: ReadonlyArray<readonly [string, number]> = [
  ['completed', 30], ['failed', 5], ['expired', 4], ['cancelled', 5],
  ['in_progress', 8], ['validating', 4], ['finalizing', 4], ['cancelling', 4],
];

export function seedDemoData(state: FakeState, now: number, seed = 7): void {
  const random = seededRandom(seed);
  const running = new Set(['in_progress', 'validating', 'finalizing', 'cancelling']);
  for (const [status, count] of MIX) {
    for (let i = 0; i < count; i++) {
      // Running batches started within the last hours; finished ones within the last 30 days.
      const age = running.has(status) ? intBetween(random, 3600, 6 * 3600) : intBetween(random, 5 * 3600, 30 * 86400);
      const window = status === 'expired' ? '12h' : pick(random, ['24h', '24h', '24h', '3d', '7d', '12h']);
      const total = intBetween(random, 8, 1200);
      const metadata = pick(random, METADATA);
      if (status === 'completed' && i === 0) {
        // For UI tests: every answer carries HTML/script payloads that must show as text.
        const b = state.seedBatch(status, now - age, total, window, { description: 'Answers with HTML payloads' }, { answers: 'hostile' });
        state.hostileAnswersBatchId = b.id;
      } else if (status === 'completed' && i === 1) {
        const b = state.seedBatch(status, now - age, total, window, { description: 'Anomalies: orphan + duplicate answer' }, { anomalies: true });
        state.anomalyBatchId = b.id;
      } else {
        state.seedBatch(status, now - age, total, window, metadata);
      }
    }
  }
  // Two batches over the same requests with different models, for Compare Results (comparePair.ts).
  addComparePair(state, now);
}

/** Many plain completed batches for paging tests and benchmarks (small files, fast to make). */
export function seedManyBatches(state: FakeState, count: number, now: number): void {
  for (let i = 0; i < count; i++) {
    state.seedBatch('completed', now - 60 * (count - i) - 86400, 2, '24h', { index: String(i) });
  }
}
