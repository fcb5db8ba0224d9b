import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';

/**
 * The portal's refresh token travels in a cookie that scripts cannot read (issue 13, Low 14): a
 * script injected into the page can still act while the page is open, but cannot carry the 14-day
 * credential away. API clients and integrators keep the JSON refresh token; the portal asks for the
 * cookie with `tokenDelivery: 'cookie'` on login and refresh.
 *
 * - HttpOnly: out of reach of page scripts.
 * - SameSite=Strict: never sent on a request another site starts. Refresh also needs a JSON body
 *   (`{"tokenDelivery":"cookie"}`): a cross-site form cannot send one without a CORS preflight,
 *   which this API never grants.
 * - Path=/v1/auth/refresh: sent with nothing else, not even with the API's other routes.
 * - Secure whenever the request came over https (directly, or through a trusted proxy's
 *   X-Forwarded-Proto). Over plain http (the demo on http://127.0.0.1, or a tablet on the LAN) it
 *   cannot be Secure, since browsers drop Secure cookies set over http; TLS is the deployment's.
 */
export const REFRESH_COOKIE = 'kaiji_refresh';
export const REFRESH_COOKIE_PATH = '/v1/auth/refresh';

export type TokenDelivery = 'body' | 'cookie';
export const TOKEN_DELIVERIES: readonly TokenDelivery[] = ['body', 'cookie'];

export function setRefreshCookie(reply: FastifyReply, request: FastifyRequest, token: string, maxAgeSeconds: number): void {
  void reply.header('set-cookie', serialize(request, token, maxAgeSeconds));
}

/** Logout (and a refused cookie refresh) drop the cookie: the browser forgets the dead token. */
export function clearRefreshCookie(reply: FastifyReply, request: FastifyRequest): void {
  void reply.header('set-cookie', serialize(request, '', 0));
}

/**
 * The token of a refresh that asked for cookie delivery. Only a JSON request may use the cookie:
 * a form another site posts (the one body type a page can send anywhere without a preflight) is
 * refused before the cookie is looked at.
 */
export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Cookie の更新トークンは JSON の要求でのみ使えます (a refresh from the cookie must be a JSON request)');
  }
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[REFRESH_COOKIE];
  return value || undefined;
}

function serialize(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  return stringifySetCookie(REFRESH_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: REFRESH_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  });
}
