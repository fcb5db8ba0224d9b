import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface HttpResult {
  /** 0 when no HTTP answer came (connection refused or reset, timeout). */
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  ms: number;
  error?: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * A small keep-alive HTTP/1.1 client over node:http (one socket per connection, as a load tool
 * would use), timing every request; no dependency beyond Node.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private baseUrl: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** Points the client at another API instance (after a restart on a new port). */
  retarget(baseUrl: string): void {
    this.agent.destroy();
    this.baseUrl = baseUrl;
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
    const url = new URL(path, this.baseUrl);
    const payload = options.body === undefined ? undefined : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (payload) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    return new Promise((resolve) => {
      const outgoing = request(url, { method, headers, agent: this.agent, timeout: options.timeoutMs ?? 60_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        response.on('error', (error) => resolve({ status: 0, headers: {}, body: '', ms: performance.now() - started, error: error.message }));
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, body: '', ms: performance.now() - started, error: error.code ?? error.message }));
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The parsed JSON body of an answer with the expected status, or an error naming what came instead. */
export function expectJson<T>(result: HttpResult, status: number, what: string): T {
  if (result.status !== status) throw new Error(`${what}: expected ${status}, got ${result.status || result.error} ${result.body.slice(0, 400)}`);
  return JSON.parse(result.body) as T;
}

export function isProblemJson(result: HttpResult): boolean {
  if (!String(result.headers['content-type'] ?? '').startsWith('application/problem+json')) return false;
  try {
    const problem = JSON.parse(result.body) as { type?: unknown; title?: unknown; status?: unknown };
    return typeof problem.type === 'string' && typeof problem.title === 'string' && problem.status === result.status;
  } catch {
    return false;
  }
}
