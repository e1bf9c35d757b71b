/**
 * Text for the fake's batch files: chat requests and answers that look like real traffic — English
 * and Chinese, commas, double quotes, newlines, and now and then HTML a view must show as text.
 * Everything is drawn from a seeded Random, so a seed gives the same files every time.
 */
import { Random, intBetween, pick } from './random';

export const MODELS = ['kimi-k2.6', 'kimi-k2.7-code'] as const;

/** The three payloads a hostile answer carries; each would run code if rendered as HTML. */
export const HOSTILE_SNIPPETS = [
  '<b>bold?</b>',
  '<img src=x onerror=alert(1)>',
  '</script><script>window.__kimiXss=1</script>',
] as const;

const SYSTEM_PROMPTS = [
  'You are a careful support analyst. Answer in at most three sentences.',
  '你是一名电商客服质检员，请用中文回答，并给出评分（1-5）。',
  'You extract fields from invoices. Reply with "field: value" pairs, one per line.',
  'You are a concise translator. Keep names, numbers and units unchanged.',
];

const USER_PROMPTS = [
  'Summarise this support ticket in one sentence: "My order #{n} arrived late, the box was damaged, and the charger is missing."',
  '把这段客服对话翻译成英文：“您好，请问订单{n}什么时候发货？”“预计明天下午，谢谢您的耐心等待。”',
  'Classify the sentiment of this review, positive, neutral or negative: "Battery life is great, but the screen scratches easily."',
  '为以下商品写一句广告语：无线降噪耳机，续航 {n} 小时，支持快充。',
  'Extract the invoice number and total from: Invoice INV-{n}, Total: EUR 1,234.50, due 30 days.',
  'Rewrite this paragraph in plain English: "Pursuant to the aforementioned clause, the party of the first part shall, forthwith, remit payment."',
  '请判断这条评论是否包含辱骂，回答“是”或“否”：物流太慢了，下次不买了。',
  'List three risks in this plan, comma separated: migrate {n} tables over one weekend with no rollback.',
];

const ASSISTANT_TURNS = [
  'Sure. Could you paste the full text?',
  '好的，请提供完整的对话内容。',
  'Here is a first draft; tell me what to change.',
];

const FILLER = [
  'The customer reports a late delivery, a damaged box and a missing charger.',
  'Overall sentiment: negative, mainly because of "delivery time" and "packaging".',
  '客户对物流速度不满意，但对商品本身评价较好。',
  'Invoice number: INV-20261104, total: EUR 1,234.50, currency: EUR.',
  'Risk 1, downtime; risk 2, data loss; risk 3, "no rollback" means no way back.',
  '建议：优先处理退款请求，并在 24 小时内回复客户。',
  'In plain English: "The buyer must pay right away."',
  'Key points, in order: price, battery life, comfort.',
  '评分：4/5。理由：回答礼貌、准确，但缺少后续跟进。',
  'Note the quoted phrase "as soon as possible", which sets no real deadline.',
];

const MILD_HTML = ['Use <b>bold</b> for the product name.', 'Wrap it as <p class="note">…</p> in the template.', 'The tag <br> splits the lines.'];

/** `template` with every `{n}` replaced by a number, so similar prompts still differ. */
function fill(random: Random, template: string): string {
  return template.replace(/\{n\}/g, () => String(intBetween(random, 10, 99_999)));
}

/**
 * Sentences from `pool` joined by spaces or newlines until the text has at least `minBytes` UTF-8
 * bytes (at least one sentence).
 */
export function textOfBytes(random: Random, pool: readonly string[], minBytes: number): string {
  let text = '';
  let bytes = 0;
  do {
    const sentence = fill(random, pick(random, pool));
    const sep = text === '' ? '' : random() < 0.2 ? '\n\n' : random() < 0.3 ? '\n' : ' ';
    text += sep + sentence;
    bytes += Buffer.byteLength(sep + sentence);
  } while (bytes < minBytes);
  return text;
}

/** Plain answer-like sentences of at least `minBytes` UTF-8 bytes (padding for size targets). */
export function fillerText(random: Random, minBytes: number): string {
  return textOfBytes(random, FILLER, minBytes);
}

/** How every request of one batch is shaped (one batch = one model, one system prompt or none). */
export interface RequestStyle {
  readonly model: string;
  readonly system: string | null;
  /** Share of requests that set `max_tokens`. */
  readonly maxTokensRate: number;
}

export function requestStyle(random: Random): RequestStyle {
  return {
    model: pick(random, MODELS),
    system: random() < 0.6 ? pick(random, SYSTEM_PROMPTS) : null,
    maxTokensRate: pick(random, [0, 0, 0.3, 1]),
  };
}

export interface ChatMessage { readonly role: 'system' | 'user' | 'assistant'; readonly content: string }
export interface ChatRequestBody { readonly model: string; readonly messages: ChatMessage[]; readonly max_tokens?: number }

/** A chat request: the style's system prompt, one to three user turns (assistant turns between). */
export function chatRequest(random: Random, style: RequestStyle, minUserBytes = 0): ChatRequestBody {
  const messages: ChatMessage[] = style.system === null ? [] : [{ role: 'system', content: style.system }];
  const turns = random() < 0.7 ? 1 : intBetween(random, 2, 3);
  for (let t = 1; t < turns; t++) {
    messages.push({ role: 'user', content: fill(random, pick(random, USER_PROMPTS)) });
    messages.push({ role: 'assistant', content: pick(random, ASSISTANT_TURNS) });
  }
  const last = fill(random, pick(random, USER_PROMPTS));
  const extra = minUserBytes > Buffer.byteLength(last) ? '\n\n' + textOfBytes(random, FILLER, minUserBytes - Buffer.byteLength(last)) : '';
  messages.push({ role: 'user', content: last + extra });
  const body: ChatRequestBody = { model: style.model, messages };
  return random() < style.maxTokensRate ? { ...body, max_tokens: pick(random, [256, 512, 1024, 2048]) } : body;
}

/**
 * Answers a spreadsheet would run as a formula if a CSV export wrote them as they are: each starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP, CSV injection).
 */
export const FORMULA_SNIPPETS = ['=HYPERLINK("https://example.com/?leak=1","Click here")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'] as const;

/**
 * 'mixed': ordinary answers, now and then with HTML; 'hostile': every answer carries all HOSTILE_SNIPPETS;
 * 'formulas': every answer starts with one of FORMULA_SNIPPETS (and its lines carry HUGE_NUMBERS).
 */
export type AnswerStyle = 'mixed' | 'hostile' | 'formulas';

export function chatAnswer(random: Random, style: AnswerStyle, minBytes = 60): string {
  const text = textOfBytes(random, FILLER, minBytes);
  if (style === 'hostile') { return `${HOSTILE_SNIPPETS[0]} ${text}\n${HOSTILE_SNIPPETS[1]}\n${HOSTILE_SNIPPETS[2]}`; }
  if (style === 'formulas') { return `${pick(random, FORMULA_SNIPPETS)} ${text}`; }
  const r = random();
  if (r < 0.02) { return `${text}\n${pick(random, HOSTILE_SNIPPETS)}`; }
  if (r < 0.1) { return `${pick(random, MILD_HTML)}\n${text}`; }
  return text;
}

/** Rough token count of a text (≈ 3.5 bytes per token for mixed English/Chinese). */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text) / 3.5));
}

/** Prompt tokens of a request: its messages plus a few tokens of framing each. */
export function promptTokensOf(body: { messages?: ReadonlyArray<{ content?: unknown }> }): number {
  let n = 0;
  for (const m of body.messages ?? []) { n += 4 + (typeof m.content === 'string' ? tokensOf(m.content) : 0); }
  return Math.max(1, n);
}
