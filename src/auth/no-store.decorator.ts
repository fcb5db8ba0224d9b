import { applyDecorators, Header } from '@nestjs/common';

/**
 * For answers that carry a credential (tokens, client or webhook secrets, TOTP seeds, recovery
 * codes): no browser, proxy or CDN may keep a copy (RFC 9111 no-store; Pragma for HTTP/1.0 caches,
 * as RFC 6749 §5.1 asks of token responses).
 */
export function NoStore() {
  return applyDecorators(Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache'));
}
