/**
 * What a results panel needs once its files are joined: the session (query, search, slices), the digest
 * and the export. The panel loads this module on first use (`import()`): in the ES module bundle it is a
 * chunk of its own, so activating the extension never loads it.
 */
export { ResultsSession } from './resultsSession';
export { digestOf } from './digest';
export { writeResultsCsv, writeResultsJsonl } from './export';
