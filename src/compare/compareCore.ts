/**
 * What a compare panel needs once both sides are joined: the session (verdicts, filters, slices) and the
 * export. The panel loads this module with `import()`: in the ES module bundle it is a chunk of its own,
 * so activating the extension never loads it.
 */
export { CompareSession, joinSide } from './compareSession';
export { joinSides } from './joinSides';
export { writeCompareCsv, writeCompareJsonl } from './compareExport';
