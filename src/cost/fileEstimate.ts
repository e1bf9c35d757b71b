/**
 * What the estimate reads from a batch file on disk, in two streamed passes (one chunk in memory at a
 * time): the scan of every request, then the messages of the sampled requests only. A request too large
 * for one estimate call keeps its size but not its messages (it is never sent).
 */
import { readFileLines } from '../jsonl/fileLines';
import { CostScan, CostScanResult, isRequest, messageBytesOf, messagesOf } from './costScan';
import type { SampledMessages } from './estimate';
import { EstimateLimits, sampleOrder } from './estimatePlan';

export interface EstimateInput {
  readonly scan: CostScanResult;
  /** The sampled requests, in sample order (every prefix spread over the file). */
  readonly sample: readonly SampledMessages[];
}

/** Each line parsed, or undefined when it is not JSON (the validator reports those; here they are not requests). */
async function* parsedLines(path: string, signal: AbortSignal | undefined): AsyncGenerator<unknown> {
  for await (const line of readFileLines(path, { blankLines: 'skip', firstLine: 0, columns: 'bytes', signal })) {
    if (line.text === undefined) { continue; }
    try { yield JSON.parse(line.text) as unknown; } catch { yield undefined; }
  }
}

export async function readEstimateInput(path: string, limits: EstimateLimits, signal?: AbortSignal): Promise<EstimateInput> {
  const scan = new CostScan();
  for await (const line of parsedLines(path, signal)) { scan.add(line); }
  const result = scan.result();
  const order = sampleOrder(result.requests, limits.maxSample);
  const rank = new Map(order.map((index, i) => [index, i]));
  const sample: Array<SampledMessages & { readonly rank: number }> = [];
  let request = 0;
  for await (const line of parsedLines(path, signal)) {
    if (!isRequest(line)) { continue; }
    const at = rank.get(request);
    if (at !== undefined) {
      const messages = messagesOf(line) ?? [];
      const bytes = messageBytesOf(messages);
      sample.push({ index: request, bytes, messages: bytes <= limits.maxCallBytes ? messages : [], rank: at });
    }
    request++;
  }
  sample.sort((a, b) => a.rank - b.rank);
  return { scan: result, sample: sample.map(({ index, bytes, messages }) => ({ index, bytes, messages })) };
}
