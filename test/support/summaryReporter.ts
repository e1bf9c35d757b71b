/**
 * Mocha's spec reporter plus the plain closing line CI reads: "N passed, N failed".
 * (CI does not read mocha's own "N passing".)
 */
import Mocha from 'mocha';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      if (!s) { return; }
      // After the spec reporter's epilogue, which is printed on the same event.
      setImmediate(() => console.log(`${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}`));
    });
  }
}

export = SummaryReporter;
