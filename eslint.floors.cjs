// The floor plan of src/ (docs/ARCHITECTURE.md): an import may point to its own floor or one below,
// never up. One ESLint `no-restricted-imports` block per floor, used by eslint.config.mjs and by the
// unit test that plants an upward import (test/unit/floors.test.ts).
const FLOORS = [
  ['shared'],
  ['jsonl'],
  ['api'],
  ['model', 'results', 'submit'],
  ['account', 'auth', 'config', 'log'],
  ['views'],
  ['commands'],
  // src/extension.ts, the composition root, stands above them all.
];

/** The lowest floors run in plain Node: no vscode. */
const VSCODE_FREE_UP_TO = 3;

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
  // no-restricted-imports sees static imports and re-exports only: a dynamic import('…') or a type written
  // as import('…').T gets the same check through selectors (`\x2F` for '/': esquery regexes cannot hold one).
  const upward = `^(\\.\\x2F)?(\\.\\.\\x2F)+(${above.map(escape).join('|')})(\\x2F|$)`;
  const syntax = [
    { selector: `ImportExpression[source.value=/${upward}/]`, message: rule.patterns[0].message },
    { selector: `TSImportType[argument.literal.value=/${upward}/]`, message: rule.patterns[0].message },
  ];
  if (level <= VSCODE_FREE_UP_TO) {
    rule.paths = [{ name: 'vscode', message: `src/${floor.join(', src/')} is vscode-free: it runs and is tested in plain Node.` }];
    syntax.push(
      { selector: "ImportExpression[source.value='vscode']", message: rule.paths[0].message },
      { selector: "TSImportType[argument.literal.value='vscode']", message: rule.paths[0].message },
    );
  }
  return { files: floor.map((f) => `src/${f}/**/*.ts`), rules: { 'no-restricted-imports': ['error', rule], 'no-restricted-syntax': ['error', ...syntax] } };
});

module.exports = { FLOORS, floorConfigs };
