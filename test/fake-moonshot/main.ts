/**
 * `npm run fake-api`: the fake Moonshot API with its demo data, until Ctrl-C.
 * Options: --port N (default 0 = any free port), --live S (advance running batches every S seconds).
 */
import { FakeMoonshot } from './server';
import { seedSpendBatches } from './spendBatches';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const fake = await FakeMoonshot.start({ port: Number(arg('--port') ?? 0), data: 'demo' });
  // The spend panel's batches too: several days, two models (spendBatches.ts).
  seedSpendBatches(fake.state, fake.clock.now());
  const live = Number(arg('--live') ?? 0);
  const timer = live > 0 ? setInterval(() => fake.state.stepAll(0.2), live * 1000) : undefined;
  console.log(`Fake Moonshot API listening on ${fake.url}`);
  console.log(`Demo API key: ${fake.apiKey}`);
  console.log(`Try: curl -H "Authorization: Bearer ${fake.apiKey}" ${fake.url}/batches?limit=2`);
  const stop = (): void => {
    if (timer) { clearInterval(timer); }
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
