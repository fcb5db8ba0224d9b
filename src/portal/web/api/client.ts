import type { TokensDto } from './schema';

/** One entry of a problem's `errors[]`: answer errors name the item as printed (itemId: "2-⑨"). */
export interface FieldProblem {
  field?: string;
  message?: string;
  itemId?: string;
}

/** An RFC 9457 problem answered by the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly requestId?: string,
    readonly fieldErrors: FieldProblem[] = [],
  ) {
    super(detail);
  }
}

const REFRESH_KEY = 'kaiji.refreshToken';
/** The access token lives only in memory; the refresh token survives a reload of the tab (sessionStorage). */
let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const sessionListeners = new Set<() => void>();

export const session = {
  store(tokens: TokensDto): void {
    accessToken = tokens.accessToken;
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  },
  clear(): void {
    accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
  },
  hasAccess: (): boolean => accessToken !== null,
  hasRefresh: (): boolean => sessionStorage.getItem(REFRESH_KEY) !== null,
  refreshToken: (): string | null => sessionStorage.getItem(REFRESH_KEY),
  /** Called when the session ends without the user asking (refresh refused). */
  onExpired(listener: () => void): () => void {
    sessionListeners.add(listener);
    return () => sessionListeners.delete(listener);
  },
};

/** Exchanges the refresh token for a new pair; concurrent callers share one exchange. */
export function refreshSession(): Promise<boolean> {
  const token = session.refreshToken();
  if (!token) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch('/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: token }),
      });
      if (!response.ok) {
        session.clear();
        return false;
      }
      session.store((await response.json()) as TokensDto);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends a request to /v1 with the user's token; on 401 refreshes once and retries. */
async function send(method: string, path: string, options: RequestOptions = {}, retried = false): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    // A file sent as it is (an XLSX form version), under its own content type.
    headers['content-type'] = options.body.type;
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(`/v1${path}`, options.query), { method, headers, body });
  } catch {
    throw new ApiError(0, 'network_error', 'サーバーに接続できません。ネットワークを確認してください。 (The server cannot be reached.)');
  }
  const isAuthRoute = path.startsWith('/auth/login') || path.startsWith('/auth/refresh');
  if (response.status === 401 && !retried && !isAuthRoute && session.hasRefresh()) {
    if (await refreshSession()) return send(method, path, options, true);
    for (const listener of sessionListeners) listener();
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: { code?: string; detail?: string; title?: string; requestId?: string; errors?: FieldProblem[] } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // not a problem document (a proxy's error page): fall back to the status line
  }
  return new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? problem.title ?? (response.statusText || `HTTP ${response.status}`),
    problem.requestId ?? response.headers.get('x-request-id') ?? undefined,
    Array.isArray(problem.errors) ? problem.errors : [],
  );
}

export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    return (await send('GET', path, { query })).json() as Promise<T>;
  },
  async post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const response = await send('POST', path, { body: body ?? {}, headers });
    return (response.status === 204 ? undefined : await response.json()) as T;
  },
  /** Sends a file as the request body (its type as Content-Type) and reads the JSON answer. */
  async postFile<T>(path: string, file: Blob, query?: Query): Promise<T> {
    return (await send('POST', path, { body: file, query })).json() as Promise<T>;
  },
  async put<T>(path: string, body: unknown): Promise<T> {
    return (await send('PUT', path, { body })).json() as Promise<T>;
  },
  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await send('PATCH', path, { body })).json() as Promise<T>;
  },
  async delete<T>(path: string): Promise<T> {
    const response = await send('DELETE', path);
    return (response.status === 204 ? undefined : await response.json()) as T;
  },
  /** Fetches a file (PDF, CSV, XLSX, ZIP) with the token and hands it to the browser as a download. */
  async download(path: string, query: Query | undefined, fallbackName: string): Promise<string> {
    const response = await send('GET', path, { query, headers: { accept: '*/*' } });
    const blob = await response.blob();
    const name = filenameOf(response.headers.get('content-disposition')) ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return name;
  },
};

/** The file name of a Content-Disposition header, preferring the RFC 5987 UTF-8 form. */
export function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : null;
}
