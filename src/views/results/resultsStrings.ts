/** The texts media/results/results.ts builds itself, in the display language (sent with each summary). */
import * as vscode from 'vscode';
import type { ResultsPageStrings } from '../../results/resultsProtocol';
import { outcomeNames } from '../outcomeNames';

export function resultsPageStrings(): ResultsPageStrings {
  return {
    outcome: { all: vscode.l10n.t('All'), ...outcomeNames() },
    card: {
      requests: vscode.l10n.t('requests'), succeeded: vscode.l10n.t('succeeded'), failed: vscode.l10n.t('failed'),
      missing: vscode.l10n.t('missing'), orphan: vscode.l10n.t('orphan'), answeredTwice: vscode.l10n.t('answered twice'),
      unreadableLines: vscode.l10n.t('unreadable lines'),
    },
    column: {
      outcome: vscode.l10n.t('Outcome'), model: vscode.l10n.t('Model'), request: vscode.l10n.t('Request (last user message)'),
      answer: vscode.l10n.t('Answer'), finishReason: vscode.l10n.t('Finish'), totalTokens: vscode.l10n.t('Tokens'),
      errorCode: vscode.l10n.t('Error'), errorMessage: vscode.l10n.t('Error message'),
    },
    groupsNote: vscode.l10n.t('{0} kinds · click one to filter'),
    allModels: vscode.l10n.t('All models'),
    costEstimated: vscode.l10n.t('Estimated from your kimiBatches.pricing (per million tokens).'),
    noPriceFor: vscode.l10n.t('No price set for: {0}.'),
    noPriceForBatch: vscode.l10n.t('No price set for the models of this batch (kimiBatches.pricing).'),
    setPrices: vscode.l10n.t('Set prices per model in kimiBatches.pricing to see an estimated cost.'),
    ofWhichOrphans: vscode.l10n.t('Of which {0} tokens in answers that match no request.'),
    ofWhichDuplicates: vscode.l10n.t('Of which {0} tokens in second answers to the same request.'),
    pricesUsed: vscode.l10n.t('Prices used, per million tokens: {0}.'),
    priceOfModel: vscode.l10n.t('{0}: input {1}, cached input {2}, output {3}'),
    priceOfModelNoCached: vscode.l10n.t('{0}: input {1}, output {2}'),
    cachedAsInput: vscode.l10n.t('No cached input price for {0}: cached prompt tokens were priced as normal input.'),
    unreadableOne: vscode.l10n.t('1 line could not be read'),
    unreadableMany: vscode.l10n.t('{0} lines could not be read'),
    unreadableLine: vscode.l10n.t('{0} file, line {1}: {2}'),
    unreadableMore: vscode.l10n.t('… and {0} more (see the Kimi Batches log)'),
    failureKind: vscode.l10n.t('Failure kind: {0}'),
    answeredTwice: vscode.l10n.t('{0} · answered more than once'),
    tokensTitle: vscode.l10n.t('prompt {0} · completion {1}'),
    noInputLine: vscode.l10n.t('No input line for this custom_id (an orphan answer, or the input file is gone).'),
    noMessages: vscode.l10n.t('The request has no messages.'),
    error: vscode.l10n.t('Error'),
    answer: vscode.l10n.t('Answer'),
    noAnswer: vscode.l10n.t('No answer: the request did not run (the batch expired or was cancelled first), or its line is missing.'),
    anotherAnswer: vscode.l10n.t('Another answer with the same custom_id (not used)'),
    showRaw: vscode.l10n.t('Show raw JSON'),
    hideRaw: vscode.l10n.t('Hide raw JSON'),
    searching: vscode.l10n.t('Searching…'),
    schema: {
      invalidChip: vscode.l10n.t('Invalid'),
      checked: vscode.l10n.t('Schema {0}: {1} valid, {2} invalid, {3} not JSON.'),
      common: vscode.l10n.t('Commonest schema errors:'),
      invalidRow: vscode.l10n.t('Succeeded, but the answer breaks the schema: {0}'),
    },
  };
}
