/** How long a served security.txt claims to stay valid: RFC 9116 §2.5.5 asks for less than a year. */
export const SECURITY_TXT_VALID_DAYS = 180;

/**
 * The RFC 9116 file: where to report a vulnerability (Contact, from KAIJI_SECURITY_CONTACT), until
 * when to trust this file (Expires) and in which languages (ja, en). Made fresh on each request
 * from the running configuration, so Expires moves forward while the setting stays in force, and
 * always lands on a UTC midnight so that caches see one file a day.
 */
export function renderSecurityTxt(contacts: string[], now: Date = new Date()): string {
  const expires = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + SECURITY_TXT_VALID_DAYS));
  return [
    '# Kaiji (開示): 脆弱性を見つけた方はこちらへご連絡ください。',
    '# Kaiji (開示): please report vulnerabilities to the contacts below.',
    ...contacts.map((contact) => `Contact: ${contact}`),
    `Expires: ${expires.toISOString()}`,
    'Preferred-Languages: ja, en',
    '',
  ].join('\n');
}
