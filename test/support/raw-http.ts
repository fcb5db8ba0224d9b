import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { TestApp } from './test-app';

export interface RawResponse {
  /** Null when the server closed the connection without answering. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
}

/**
 * Bytes written on a socket as given (a Content-Length that lies, a second request smuggled after
 * the body, garbage that is not HTTP), which supertest cannot send; the first response read back.
 * `halfClose` ends the client's side once written (a client that stops sending). Gives up after
 * `timeoutMs` (10 s) without a complete response.
 */
export async function rawRequest(t: TestApp, head: string[], body: Buffer | Buffer[] = [], options: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
  const server = t.app.getHttpServer();
  if (!server.address()) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<RawResponse>((resolve) => {
    let received = Buffer.alloc(0);
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(firstResponse(received) ?? { status: null, headers: {}, body: received.toString('utf8') });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (firstResponse(received)) finish();
    });
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    for (const part of Array.isArray(body) ? body : [body]) socket.write(part);
    if (options.halfClose) socket.end();
  });
}

/** The first complete response in the bytes received so far, if there is one yet. */
function firstResponse(received: Buffer): RawResponse | undefined {
  const headEnd = received.indexOf('\r\n\r\n');
  const statusLine = /^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1', 0, 20));
  if (headEnd < 0 || !statusLine) return undefined;
  const headers: Record<string, string> = {};
  for (const line of received.toString('latin1', 0, headEnd).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = received.subarray(headEnd + 4);
  const length = Number(headers['content-length'] ?? NaN);
  if (Number.isNaN(length) || rest.length < length) return undefined;
  return { status: Number(statusLine[1]), headers, body: rest.subarray(0, length).toString('utf8') };
}
