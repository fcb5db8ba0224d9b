import { ApiError } from '../../api/client';

/** The API's validation messages said in Japanese (the DTOs give Japanese first; class-validator's defaults are translated here). */
export function japaneseMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const japanesePart = /^[^(]*[ぁ-んァ-ヶ一-龠][^(]*/.exec(message)?.[0].trim();
  if (japanesePart) return japanesePart;
  if (/must be shorter than or equal to (\d+)/.test(message)) return `${/(\d+)/.exec(message)?.[1] ?? ''}文字以内で入力してください`;
  if (/must be longer than or equal to|should not be empty|is required/.test(message)) return '入力してください';
  return '入力内容を確認してください';
}

/** Each field's message by its API path (`contactName`, `contacts.3.email`). */
export function fieldMessages(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages: Record<string, string> = {};
  for (const problem of error.fieldErrors) {
    const text = japaneseMessage(problem.message);
    if (problem.field && text && !messages[problem.field]) messages[problem.field] = text;
  }
  return messages;
}
