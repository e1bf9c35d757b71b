// Writes l10n/bundle.l10n.json: every `l10n.t('…')` message in src/ (the English bundle, the keys every
// translation must have). `npm run l10n:export`; test/unit/l10n/bundles.test.ts keeps it current.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { extractMessages } = require('../../out/test/unit/l10n/extract.js');
const root = path.resolve(new URL('../..', import.meta.url).pathname);
const bundle = await extractMessages(root);
fs.writeFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`${Object.keys(bundle).length} messages → l10n/bundle.l10n.json`);
