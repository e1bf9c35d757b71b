// Mutation testing of the vscode-free core (issue 17): `npm run test:mutation`.
// Stryker mutates the TypeScript sources of src/shared, src/jsonl, src/api, src/model, src/results, src/submit, src/cost and src/compare in a sandbox,
// compiles the sandbox with tsc (buildCommand) and runs the compiled unit tests with mocha, each mutant
// against only the tests that cover it (coverageAnalysis "perTest"). The typescript checker drops mutants
// that do not compile before any test runs. HTML report: reports/mutation/mutation.html.
// Incremental: results are kept in reports/stryker-incremental.json (committed); a run re-tests only
// mutants whose code or covering tests changed since. `npm run test:mutation -- --force` re-tests all.
// Equivalent mutants are disabled where they stand: `// Stryker disable next-line <mutator>: <reason>`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: [
    'src/shared/**/*.ts',
    'src/jsonl/**/*.ts',
    'src/api/**/*.ts',
    'src/model/**/*.ts',
    'src/results/**/*.ts',
    'src/submit/**/*.ts',
    'src/cost/**/*.ts',
    'src/compare/**/*.ts',
    // Runs only inside a worker thread, where Stryker cannot switch a mutant on (its switch lives in the
    // test process): every mutant would stand untested. Its behaviour is tested through joinSides.
    '!src/compare/joinWorker.ts',
  ],
  // The sandbox's tsc (buildCommand) compiles the mutated sources and the tests into out/. The compiled tests
  // (out/test, built by scripts/test/mutation.mjs before Stryker starts) are project files all the same: the
  // mocha runner names each test by its compiled file, and the incremental diff reuses a test's old results
  // only when that file is a project file whose source it can compare. Ignored, every test of a fresh clone
  // counted as removed and added again, and every mutant was re-tested.
  ignorePatterns: ['out/*', '!out/test', 'dist', 'reports', '.test-output', '.vscode-test', '*.vsix'],
  buildCommand: 'tsc -p tsconfig.test.json',
  testRunner: 'mocha',
  mochaOptions: {
    spec: ['out/test/unit/**/*.test.js'],
    // The l10n bundle test extracts l10n.t messages from src/, which in the sandbox is Stryker's
    // instrumented copy; it tests the translation files, not the core's behaviour.
    ignore: ['out/test/unit/l10n/**'],
    'no-config': true,
    'no-package': true,
    'no-opts': true,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // A static mutant (module-level code: a constant, a table) is covered by every test: each one would need
  // all ~400 unit tests in a fresh process (~55 s here), 6 % of the mutants taking over half the run.
  // They are reported as ignored, not counted; their values are checked by the tests that use them.
  ignoreStatic: true,
  concurrency: 4, // Stryker gives half to type checkers: 2 checkers, 2 test runners
  timeoutMS: 10000,
  timeoutFactor: 1.5,
  // The initial run (every unit test once, with per-test coverage) took 10.5 min on this 2-core machine under
  // a load average of 20 (the plain unit run takes about 1 min when the machine is idle).
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 85, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
