import fc from 'fast-check';
import { rawRequest, RawResponse } from './support/raw-http';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Hostile bytes below the routes: requests Node's HTTP parser or Fastify's router refuse before any
 * route runs are answered as problem documents too, never with a 5xx.
 */
describe('fuzzing the HTTP layer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'silent' });
  });
  afterAll(() => t.close());

  const expectProblemResponse = (response: RawResponse, status: number, code: string) => {
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(JSON.parse(response.body)).toMatchObject({ status, code, title: expect.any(String), type: `urn:kaiji:problem:${code}` });
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  };

  it('answers bytes that are not HTTP, an ambiguous length and oversized headers with problem documents', async () => {
    expectProblemResponse(await rawRequest(t, ['NOT HTTP AT ALL']), 400, 'malformed_request');
    // Content-Length and chunked together is the classic request-smuggling ambiguity: refused outright.
    expectProblemResponse(await rawRequest(t, ['POST /v1/auth/login HTTP/1.1', 'Host: 127.0.0.1', 'Content-Length: 4', 'Transfer-Encoding: chunked'], Buffer.from('0\r\n\r\n')), 400, 'malformed_request');
    expectProblemResponse(await rawRequest(t, ['GET /health HTTP/1.1', 'Host: 127.0.0.1', `X-Padding: ${'a'.repeat(20_000)}`]), 431, 'headers_too_large');
  });

  it('answers a malformed percent-encoding and an over-long id in the path with problem documents', async () => {
    expectProblemResponse(await rawRequest(t, ['GET /v1/disclosures/%E0%A4%A HTTP/1.1', 'Host: 127.0.0.1', 'X-Request-Id: fuzz-1']), 400, 'bad_request');
    expectProblemResponse(await rawRequest(t, [`GET /v1/disclosures/${'x'.repeat(500)} HTTP/1.1`, 'Host: 127.0.0.1']), 414, 'uri_too_long');
  });

  it('never answers random request bytes with a 5xx or anything but a problem document', async () => {
    const requestLine = fc.oneof(
      fc.constantFrom('GET / HTTP/1.1', 'GET /v1/me HTTP/1.1', 'POST /v1/auth/login HTTP/1.1', 'GET /v1/%ZZ HTTP/1.1', 'GET /v1/disclosures/%00 HTTP/1.1', 'BREW /pot HTTP/1.1', 'GET  HTTP/1.1', 'GET /health HTTP/9.9'),
      fc.string({ unit: 'binary-ascii', maxLength: 60 }),
    );
    const header = fc.oneof(
      fc.constantFrom('Content-Length: -1', 'Content-Length: 1e3', 'Content-Length: 5, 6', 'Transfer-Encoding: gzip, chunked', 'Host:', 'Content-Type: application/json', 'Expect: 100-continue'),
      fc.tuple(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }), fc.string({ unit: 'binary-ascii', maxLength: 40 })).map(([name, value]) => `${name}: ${value}`),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(requestLine, fc.array(header, { maxLength: 4 }), fc.uint8Array({ maxLength: 200 }), async (line, headers, body) => {
        // A request whose declared length is never reached gets no answer: the timeout ends it.
        const response = await rawRequest(t, [line, 'Host: 127.0.0.1', ...headers], Buffer.from(body), { timeoutMs: 1_000 });
        if (response.status === null) return;
        answered++;
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 60, seed: Number(process.env.FUZZ_SEED ?? 72025), endOnFailure: true },
    );
    expect(answered).toBeGreaterThan(30);
  });
});
