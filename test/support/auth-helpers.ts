import { createHash } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import { TEST_JWT_SECRET } from './test-app';

/** Asserts an RFC 9457 problem document with the given status and Kaiji `code`; returns its body. */
export function expectProblem(response: Response, status: number, code: string): Record<string, unknown> {
  expect({ status: response.status, code: (response.body as { code?: unknown }).code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code, title: expect.any(String), type: expect.stringContaining(code) });
  return response.body as Record<string, unknown>;
}

/** The fields a validation problem lists. */
export function problemFields(response: Response): string[] {
  return ((response.body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
}

/** The `kid` Kaiji derives from a signing key (src/auth/jwt-keys.ts). */
export function kidOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

export const TEST_KID = kidOf(TEST_JWT_SECRET);

/** The claims of a token, without verifying it. */
export function claimsOf(token: string): Record<string, unknown> {
  return jwt.decode(token) as Record<string, unknown>;
}

/**
 * Signs claims the way Kaiji does (HS256, iss kaiji, aud kaiji-api, kid of the test key, 5 minutes),
 * each part overridable, so that a test can change exactly one thing about an otherwise valid token.
 */
export function forgeToken(
  claims: Record<string, unknown>,
  options: { key?: string; algorithm?: jwt.Algorithm; kid?: string | null; issuer?: string; audience?: string; expiresIn?: number | null } = {},
): string {
  const { key = TEST_JWT_SECRET, algorithm = 'HS256', kid = TEST_KID, issuer = 'kaiji', audience = 'kaiji-api', expiresIn = 300 } = options;
  const iat = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { ...claims, iss: issuer, aud: audience, iat };
  if (expiresIn !== null) payload.exp = iat + expiresIn;
  return jwt.sign(payload, key, { algorithm, ...(kid === null ? {} : { keyid: kid }) });
}

/** An unsigned token (`alg: none`), as an attacker would craft it. */
export function unsignedToken(claims: Record<string, unknown>, kid: string | null = TEST_KID): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT', ...(kid === null ? {} : { kid }) })}.${encode(claims)}.`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
