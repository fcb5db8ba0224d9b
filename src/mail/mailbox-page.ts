import type { ReceivedMail } from './embedded-mailbox';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Links in a plain-text body become clickable (only http(s) URLs; everything else is escaped text). */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

/** The development mailbox: every message the embedded SMTP server received, newest first. No scripts (the CSP allows none inline). */
export function mailboxPage(messages: ReceivedMail[], port: number): string {
  const items = messages
    .map(
      (m) => `<article>
  <h2>${escapeHtml(m.subject || '(件名なし)')}</h2>
  <dl><dt>宛先 To</dt><dd>${escapeHtml(m.to.join(', '))}</dd><dt>差出人 From</dt><dd>${escapeHtml(m.from)}</dd><dt>受信 Received</dt><dd><time datetime="${m.receivedAt}">${m.receivedAt}</time></dd></dl>
  <pre>${linkify(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>開発用メールボックス - Kaiji</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}
article{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}h2{font-size:1.1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem;margin:0}dt{color:#555}pre{white-space:pre-wrap;word-break:break-all}</style>
</head><body><main>
<h1>開発用メールボックス <small>Development mailbox</small></h1>
<p>Kaiji が送ったメールです (SMTP 127.0.0.1:${port}、新しい順、最新 200 通、再起動で消えます)。JSON: <a href="/dev/mailbox.json">/dev/mailbox.json</a></p>
${items || '<p>まだメールはありません (no mail yet).</p>'}
</main></body></html>`;
}
