import type { Response } from 'supertest';

/**
 * A refused token request as RFC 6749 §5.2 says: JSON with `error` and `error_description` only,
 * never cached; 401 carries a Basic challenge (the scheme the client used), never Bearer.
 */
export function expectOAuthError(response: Response, status: 400 | 401, error: string): { error: string; error_description: string } {
  expect({ status: response.status, body: response.body as unknown }).toEqual({ status, body: { error, error_description: expect.any(String) } });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['pragma']).toBe('no-cache');
  expect(response.headers['www-authenticate']).toBe(status === 401 ? 'Basic realm="kaiji"' : undefined);
  return response.body as { error: string; error_description: string };
}
