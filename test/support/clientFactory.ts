/** A client wired to a fake server for tests: no real waiting, a captured request log. */
import { MoonshotClient, MoonshotClientOptions, RequestLogEntry } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';

export interface TestClient {
  readonly client: MoonshotClient;
  readonly waits: number[];
  readonly log: RequestLogEntry[];
}

export function testClient(fake: FakeMoonshot, overrides: Partial<MoonshotClientOptions> = {}): TestClient {
  const waits: number[] = [];
  const log: RequestLogEntry[] = [];
  const client = new MoonshotClient({
    baseUrl: fake.url,
    apiKey: fake.apiKey,
    timeoutMs: 5_000,
    sleep: (ms) => { waits.push(ms); return Promise.resolve(); },
    random: () => 0.5,
    onRequest: (e) => log.push(e),
    ...overrides,
  });
  return { client, waits, log };
}
