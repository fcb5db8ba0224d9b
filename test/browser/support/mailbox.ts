import { baseUrl } from './browser';

export interface MailboxMessage {
  to: string[];
  subject: string;
  text: string;
}

/** What the demo's embedded SMTP server received for `address` (its mailbox answers JSON at /dev/mailbox.json). */
export async function mailboxTo(address: string): Promise<MailboxMessage[]> {
  const { items } = (await (await fetch(`${baseUrl()}/dev/mailbox.json`)).json()) as { items: MailboxMessage[] };
  return items.filter((m) => m.to.includes(address));
}

/** Waits for the message with `subject` to `address` in the demo's mailbox. */
export async function mailTo(address: string, subject: string, timeoutMs = 20_000): Promise<MailboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailboxTo(address)).find((m) => m.subject === subject);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no "${subject}" to ${address} in the demo mailbox`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
