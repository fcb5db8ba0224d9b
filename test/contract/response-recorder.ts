import type { Response } from 'superagent';
import type { TestApp } from '../support/test-app';
import type { RecordedResponse } from './openapi-response-validator';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * The test app with an HTTP client that records every response it receives (method, path, status,
 * headers, body), so that whatever the session and the shared setup helpers send is checked
 * against the document, not only the calls a test thought to list.
 */
export function recordingApp(t: TestApp, log: RecordedResponse[]): TestApp {
  const http = new Proxy(t.http, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (...args: unknown[]) => ReturnType<TestApp['http']['get']>).call(target, url, ...rest);
        test.on('response', (response: Response) => log.push(recorded(property, url, response)));
        return test;
      };
    },
  });
  return { ...t, http };
}

function recorded(method: string, url: string, response: Response): RecordedResponse {
  const headers = response.headers as Record<string, string | undefined>;
  const text = (response as Response & { text?: string }).text;
  const body: unknown = response.body;
  const hasBody =
    response.status !== 204 &&
    response.status !== 304 &&
    (Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined || (text ?? '').length > 0 || (Buffer.isBuffer(body) && body.length > 0));
  return { method: method.toUpperCase(), url, status: response.status, headers, body, hasBody };
}
