/** The vscode-free core of the Results view: join, digest, query, search, detail and export. */
export * from './types';
export { abortError, isAbortError } from './abort';
export { readJsonlFile, readJsonlLines, readLineAt, type JsonlLine } from './lineReader';
export { joinResults, type JoinOptions } from './join';
export { readResultDetail, type ResultDetail } from './detail';
export { digestOf, failureGroupKey, normaliseMessage, UNKNOWN_MODEL } from './digest';
export { countByOutcome, queryRows, searchRows, type OutcomeCounts, type RowQuery, type SortColumn } from './query';
export { CSV_COLUMNS, writeResultsCsv, writeResultsJsonl } from './export';
