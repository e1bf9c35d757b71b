/** The "Kimi Batches" log channel. Request lines come from the client, whose paths are already redacted. */
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../api/client';
import { redactSecret } from '../api/redact';

export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Kimi Batches', { log: true });
  }

  request(entry: RequestLogEntry): void {
    const retry = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
    const result = entry.status !== undefined ? String(entry.status) : `failed: ${entry.error ?? 'unknown'}`;
    const line = `${entry.method} ${entry.path} → ${result} in ${entry.ms} ms${retry}`;
    if (entry.status !== undefined && entry.status < 400) { this.channel.info(line); } else { this.channel.warn(line); }
  }

  info(message: string): void { this.channel.info(redactSecret(message)); }
  warn(message: string): void { this.channel.warn(redactSecret(message)); }
  error(message: string): void { this.channel.error(redactSecret(message)); }

  show(): void { this.channel.show(true); }

  dispose(): void { this.channel.dispose(); }
}
