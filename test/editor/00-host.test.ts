import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, api } from './helpers';

describe('the real editor host', () => {
  it('runs inside VS Code 1.139 (code-server) with the extension active', async () => {
    assert.match(vscode.version, /^1\.139\./, `vscode.version is ${vscode.version}`);
    const kb = await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'the extension is active');
    assert.ok(kb.account && kb.view && kb.panels, 'activate returned its parts');
    assert.equal(ext?.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['kimiBatches.setApiKey', 'kimiBatches.refresh', 'kimiBatches.loadMore', 'kimiBatches.copyOutputFileId', 'kimiBatches.openBatchDetails']) {
      assert.ok(all.includes(c), c);
    }
  });

  if (process.env.KIMI_EDITOR_FAIL_ON_PURPOSE) {
    it('fails on purpose (KIMI_EDITOR_FAIL_ON_PURPOSE is set)', () => {
      assert.equal(1 + 1, 3, 'a deliberately failing in-editor test');
    });
  }
});
