/**
 * Keys must never reach a log line, an error message or a webview. Servers sometimes echo a key
 * ("Incorrect API key provided: sk-…"), so every text that came from outside passes through here.
 */

const KEY_LIKE = /\bsk-[A-Za-z0-9_-]{6,}/g;

export function redactSecret(text: string, secret?: string): string {
  let out = text;
  if (secret && secret.length >= 4) { out = out.split(secret).join('[redacted]'); }
  return out.replace(KEY_LIKE, 'sk-[redacted]');
}
