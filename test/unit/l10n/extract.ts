/**
 * The messages of every `l10n.t('…')` call in src/, found by `@vscode/l10n-dev` (the tool VS Code's own
 * extensions use). It only reads files that import `vscode`; the vscode-free layers call the same-named
 * `l10n.t` of src/shared/l10n.ts, so those files are read as if they imported it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(full) : d.name.endsWith('.ts') ? [full] : [];
  });
}

/** message → message, as in l10n/bundle.l10n.json (sorted, so the file diffs well). */
export async function extractMessages(root: string): Promise<Record<string, string>> {
  const files = sourceFiles(path.join(root, 'src')).map((file) => {
    const contents = fs.readFileSync(file, 'utf8');
    const importsVscode = /from 'vscode'/.test(contents);
    return { extension: '.ts', contents: importsVscode ? contents : `import * as vscode from 'vscode';\n${contents}` };
  });
  const json = await getL10nJson(files);
  const out: Record<string, string> = {};
  for (const key of Object.keys(json).sort()) {
    const value = json[key];
    out[key] = typeof value === 'string' ? value : value.message;
  }
  return out;
}
