// `npm start`: the product in a sandboxed VS Code. Builds and packages the extension, starts the
// fake Moonshot API with its demo data (batches progress live), and a code-server with the
// extension installed and pointed at it; the key comes from MOONSHOT_API_KEY in the host's
// environment. Prints the URL to open; Ctrl-C stops everything.
// With --real (and MOONSHOT_API_KEY set to your key) it points at the real API instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startCodeServer } from './codeServer.mjs';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
process.chdir(root);
const real = process.argv.includes('--real');
const portArg = process.argv.indexOf('--port');

if (real && !process.env.MOONSHOT_API_KEY) {
  console.error('--real needs your key in MOONSHOT_API_KEY, e.g. MOONSHOT_API_KEY=sk-… npm start -- --real');
  process.exit(2);
}

function step(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) { process.exit(r.status ?? 1); }
}

step('node', ['scripts/host/install-host.mjs']);
step('npx', ['tsc', '-p', 'tsconfig.test.json']);
step('npm', ['run', 'package', '--silent']);
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const vsix = path.join(root, `kimi-batches-${pkg.version}.vsix`);

let fake;
let timer;
let baseUrl = process.env.MOONSHOT_BASE_URL ?? 'https://api.moonshot.ai/v1';
let key = process.env.MOONSHOT_API_KEY;
if (!real) {
  const { FakeMoonshot } = createRequire(import.meta.url)(path.join(root, 'out/test/fake-moonshot/server.js'));
  fake = await FakeMoonshot.start({ data: 'demo' });
  // Invoice extraction with JSON answers, some breaking the sample schema the workspace gets below.
  createRequire(import.meta.url)(path.join(root, 'out/test/fake-moonshot/schemaBatch.js')).addSchemaBatch(fake.state);
  baseUrl = fake.url;
  key = fake.apiKey;
  // Running batches move on every 20 s so live updates can be watched.
  timer = setInterval(() => fake.state.stepAll(0.15), 20_000);
}

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-demo-'));
const server = await startCodeServer({
  runDir, vsix,
  port: portArg > 0 ? Number(process.argv[portArg + 1]) : undefined,
  settings: { 'kimiBatches.baseUrl': baseUrl },
  env: { MOONSHOT_API_KEY: key },
});
if (!real) {
  const { INVOICE_SCHEMA, INVOICE_SCHEMA_FILE } = createRequire(import.meta.url)(path.join(root, 'out/test/fake-moonshot/schemaBatch.js'));
  fs.writeFileSync(path.join(server.workspace, INVOICE_SCHEMA_FILE), `${JSON.stringify(INVOICE_SCHEMA, null, 2)}\n`);
}
console.log('');
console.log(`Kimi Batches demo: open ${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
console.log(real ? `API: ${baseUrl} (your key from MOONSHOT_API_KEY)` : `API: the fake Moonshot API at ${baseUrl} (demo key ${key})`);
console.log('Press Ctrl-C to stop.');

const stop = async () => {
  if (timer) { clearInterval(timer); }
  await server.stop();
  await fake?.close();
  fs.rmSync(runDir, { recursive: true, force: true });
  process.exit(0);
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => { void stop(); });
process.on('SIGTERM', () => { void stop(); });
