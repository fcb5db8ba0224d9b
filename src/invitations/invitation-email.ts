/**
 * Invitation addresses are compared in one form: NFKC (a 全角 address typed on a Japanese keyboard
 * folds to ASCII), trimmed, lowercased. Accounts compare on lower(email), so the same address
 * cannot be invited twice in different spellings.
 */
export function normalizeInvitationEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}
