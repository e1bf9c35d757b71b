// The floor plan of src/ (docs/ARCHITECTURE.md): an import may point to its own floor or one below,
// never up. One ESLint `no-restricted-imports` block per floor, used by eslint.config.mjs and by the
// unit test that plants an upward import (test/unit/floors.test.ts).
const FLOORS = [
  ['shared'],
  ['api'],
  ['model', 'results', 'submit'],
  ['account', 'auth', 'config', 'log'],
  ['views'],
  ['commands'],
  // src/extension.ts, the composition root, stands above them all.
];

/** The lowest floors run in plain Node: no vscode. */
const VSCODE_FREE_UP_TO = 2;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const floorConfigs = FLOORS.map((floor, level) => {
  const above = [...FLOORS.slice(level + 1).flat(), 'extension'];
  const rule = {
    patterns: [{
      // A relative path climbing to src/ and down into a higher floor: '../views/x', '../../commands/y'.
      regex: `^(\\./)?(\\.\\./)+(${above.map(escape).join('|')})(/|$)`,
      message: `src/${floor.join(', src/')} is below ${above.map((f) => (f === 'extension' ? 'extension.ts' : `src/${f}`)).join(', ')}: imports run down the floors (docs/ARCHITECTURE.md).`,
    }],
  };
  if (level <= VSCODE_FREE_UP_TO) {
    rule.paths = [{ name: 'vscode', message: `src/${floor.join(', src/')} is vscode-free: it runs and is tested in plain Node.` }];
  }
  return { files: floor.map((f) => `src/${f}/**/*.ts`), rules: { 'no-restricted-imports': ['error', rule] } };
});

module.exports = { FLOORS, floorConfigs };
