// The floor plan of src/ (docs/ARCHITECTURE.md): an import may point to its own floor or one below,
// never up. A local ESLint rule (`floors/imports-run-down`), used by eslint.config.mjs and by the unit
// test that plants upward imports (test/unit/floors.test.ts).
const path = require('node:path');

const FLOORS = [
  ['shared'],
  ['jsonl'],
  ['api'],
  ['model', 'results', 'submit', 'cost', 'compare'],
  ['account', 'auth', 'config', 'log'],
  ['views'],
  ['commands'],
  // src/extension.ts, the composition root, stands above them all.
];

/** The lowest floors run in plain Node: no vscode. */
const VSCODE_FREE_UP_TO = 3;

const SRC = path.join(__dirname, 'src');
const TOP = FLOORS.length;

/**
 * The floor of a path under src/: the index of its folder in FLOORS, TOP for a file at the top of src/
 * (src/extension.ts), -1 for a folder that is not on the plan; undefined outside src/.
 */
function floorOf(file) {
  const relative = path.relative(SRC, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.split(path.sep);
  if (parts.length === 1) return TOP;
  return FLOORS.findIndex((floor) => floor.includes(parts[0]));
}

const nameOf = (level) => (level === TOP ? 'src/extension.ts' : level === -1 ? 'a folder off the plan' : FLOORS[level].map((f) => `src/${f}`).join(', '));

/**
 * The specifier is resolved against the importing file, so no spelling escapes the rule:
 * '../views/x', '../../src/views/x', '../api/../views/x' and './sub/../../views/x' all land in src/views.
 */
const importsRunDown = {
  meta: {
    type: 'problem',
    docs: { description: 'imports run down the floors of src/ (docs/ARCHITECTURE.md); the lowest floors never import vscode' },
    schema: [],
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const level = floorOf(file);
    if (level === undefined) return {};
    if (level === -1) {
      // A new room must take its place on the plan (and in docs/ARCHITECTURE.md), or nothing checks it.
      const folder = path.relative(SRC, file).split(path.sep)[0];
      return { Program: (node) => context.report({ node, message: `src/${folder} is not on the floor plan: add it to FLOORS in eslint.floors.cjs (imports run down the floors, docs/ARCHITECTURE.md).` }) };
    }
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier === 'vscode' && level <= VSCODE_FREE_UP_TO) {
        context.report({ node, message: `${nameOf(level)} is vscode-free: it runs and is tested in plain Node.` });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = floorOf(path.resolve(path.dirname(file), specifier));
      if (target !== undefined && (target > level || target === -1)) {
        context.report({ node, message: `${nameOf(level)} is below ${nameOf(target)}: imports run down the floors (docs/ARCHITECTURE.md).` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      // import('…').T in a type, and `import x = require('…')`.
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
      TSExternalModuleReference: (node) => node.expression.type === 'Literal' && check(node.expression, node.expression.value),
      // require('…') in a .ts file (rare, but not a way around the plan).
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

const plugin = { meta: { name: 'kimi-floors' }, rules: { 'imports-run-down': importsRunDown } };

/** One config block: the plugin and its rule on every TypeScript file under src/. */
const floorConfigs = [{ files: ['src/**/*.ts'], plugins: { floors: plugin }, rules: { 'floors/imports-run-down': 'error' } }];

module.exports = { FLOORS, VSCODE_FREE_UP_TO, floorOf, floorConfigs };
