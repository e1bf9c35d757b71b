/** The texts media/compare/compare.ts builds itself, in the display language (sent with each summary). */
import * as vscode from 'vscode';
import type { ComparePageStrings } from '../../compare/compareProtocol';
import { outcomeNames } from '../outcomeNames';

export function comparePageStrings(): ComparePageStrings {
  return {
    filter: {
      all: vscode.l10n.t('All'), different: vscode.l10n.t('Different'), equivalent: vscode.l10n.t('Equivalent'),
      identical: vscode.l10n.t('Identical'), aFailed: vscode.l10n.t('Only A failed'), bFailed: vscode.l10n.t('Only B failed'),
      bothFailed: vscode.l10n.t('Both failed'), oneInput: vscode.l10n.t('In one input only'), finishChanged: vscode.l10n.t('Finish reason changed'),
    },
    kind: {
      both: vscode.l10n.t('Both succeeded'), onlyA: vscode.l10n.t('Only A succeeded'), onlyB: vscode.l10n.t('Only B succeeded'),
      neither: vscode.l10n.t('Neither succeeded'), inputOnlyA: vscode.l10n.t('Only in A\'s input'), inputOnlyB: vscode.l10n.t('Only in B\'s input'),
    },
    same: { identical: vscode.l10n.t('Identical'), equivalent: vscode.l10n.t('Equivalent'), different: vscode.l10n.t('Different') },
    outcome: outcomeNames(),
    column: {
      same: vscode.l10n.t('Same?'), outcomeA: vscode.l10n.t('A'), outcomeB: vscode.l10n.t('B'), answerA: vscode.l10n.t('Answer A'),
      answerB: vscode.l10n.t('Answer B'), tokensA: vscode.l10n.t('Tokens A'), tokensB: vscode.l10n.t('Tokens B'), delta: vscode.l10n.t('Δ tokens'),
    },
    card: {
      requests: vscode.l10n.t('requests'), succeeded: vscode.l10n.t('succeeded'), failed: vscode.l10n.t('failed'),
      tokens: vscode.l10n.t('tokens'), cost: vscode.l10n.t('est. cost'), orphans: vscode.l10n.t('orphan answers'),
    },
    notInInput: vscode.l10n.t('Not in this batch\'s input.'),
    noAnswer: vscode.l10n.t('No answer: the request did not run, or its line is missing.'),
    noPrice: vscode.l10n.t('no price'),
    setPrices: vscode.l10n.t('Set prices per model in kimiBatches.pricing to see an estimated cost.'),
    matches: vscode.l10n.t('{0} matches'),
    searching: vscode.l10n.t('Searching…'),
    finishChanged: vscode.l10n.t('finish reason {0} → {1}'),
  };
}
