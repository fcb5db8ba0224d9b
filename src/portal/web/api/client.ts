import type { Problem, ProblemCode, ProblemFieldError, TokensDto } from './schema';

/** One entry of a problem's `errors[]`: answer errors name the item as printed (itemId: "2-⑨"). */
export type FieldProblem = ProblemFieldError;

/** Codes the portal gives failures that are not the API's problem documents. */
export type ClientErrorCode = 'network_error' | 'not_available' | `http_${number}`;

/**
 * An RFC 9457 problem answered by the API, or a network failure (status 0). `code` is one of the
 * API's documented codes (the OpenAPI Problem schema's enum) or the portal's own, so comparing it
 * with a code that does not exist fails to compile; `problem` is the whole body, typed.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode | ClientErrorCode,
    readonly detail: string,
    readonly requestId?: string,
    readonly fieldErrors: FieldProblem[] = [],
    readonly problem?: Problem,
  ) {
    super(detail);
  }
}

/**
 * The access token lives only in memory. The refresh token is never seen by the page: the API keeps
 * it in an HttpOnly, SameSite=Strict cookie for /v1/auth/refresh (tokenDelivery: 'cookie'). The
 * page keeps only a hint that a session may exist, so that a reload (or a new tab) tries to resume
 * it and the login screen does not call the API for nothing.
 */
const SESSION_HINT = 'kaiji.session';
/** Where an older portal kept the refresh token itself: removed on sight. */
const LEGACY_REFRESH_KEY = 'kaiji.refreshToken';
let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const sessionListeners = new Set<() => void>();
const credentialListeners = new Set<(code: CredentialsCode) => void>();

/** The API's answer when a reset account must first set a new password or enrol 2FA again. */
export type CredentialsCode = Extract<ProblemCode, 'password_change_required' | 'two_factor_enrolment_required'>;

function isCredentialsCode(code: ApiError['code']): code is CredentialsCode {
  return code === 'password_change_required' || code === 'two_factor_enrolment_required';
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const session = {
  store(tokens: TokensDto): void {
    accessToken = tokens.accessToken;
    storage()?.setItem(SESSION_HINT, '1');
  },
  clear(): void {
    accessToken = null;
    storage()?.removeItem(SESSION_HINT);
  },
  hasAccess: (): boolean => accessToken !== null,
  /** A session may be resumed from the cookie (set at login, gone at logout). */
  mayResume: (): boolean => storage()?.getItem(SESSION_HINT) === '1',
  /** Called when the session ends without the user asking (refresh refused). */
  onExpired(listener: () => void): () => void {
    sessionListeners.add(listener);
    return () => sessionListeners.delete(listener);
  },
  /** Called when the API refuses an action until the user sets a new password or enrols 2FA. */
  onCredentialsRequired(listener: (code: CredentialsCode) => void): () => void {
    credentialListeners.add(listener);
    return () => credentialListeners.delete(listener);
  },
};
try {
  sessionStorage.removeItem(LEGACY_REFRESH_KEY);
} catch {
  // storage disabled: nothing was kept there either
}

/**
 * Exchanges the cookie's refresh token for a new pair; concurrent callers share one exchange, and
 * tabs take turns (Web Locks): two tabs presenting the same token at once would look like a stolen
 * token replayed, and the API would end the session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      return await acrossTabs(exchange);
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function exchange(): Promise<boolean> {
  const response = await fetch('/v1/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ tokenDelivery: 'cookie' }),
  });
  if (!response.ok) {
    session.clear();
    return false;
  }
  session.store((await response.json()) as TokensDto);
  return true;
}

async function acrossTabs(task: () => Promise<boolean>): Promise<boolean> {
  // navigator.locks exists only in secure contexts (https, loopback): a LAN demo over http goes without.
  if (!('locks' in navigator) || !navigator.locks) return task();
  return await navigator.locks.request('kaiji-refresh', task);
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
  if (response.status === 401 && !retried && !isAuthRoute && session.mayResume()) {
    if (await refreshSession()) return send(method, path, options, true);
    for (const listener of sessionListeners) listener();
  }
  if (!response.ok) {
    const error = await problemOf(response);
    const { code } = error;
    if (response.status === 403 && isCredentialsCode(code)) {
      for (const listener of credentialListeners) listener(code);
    }
    throw error;
  }
  return response;
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): fall back to the status line
  }
  const problem = isProblem(body) ? body : undefined;
  return new ApiError(
    response.status,
    problem?.code ?? `http_${response.status}`,
    problem?.detail ?? problem?.title ?? (response.statusText || `HTTP ${response.status}`),
    problem?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    problem?.errors ?? [],
    problem,
  );
}

/** A body shaped as the API's problem documents (the OpenAPI Problem schema), not some proxy's JSON. */
function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null || !('code' in body) || !('status' in body)) return false;
  return typeof body.code === 'string' && typeof body.status === 'number' && (!('errors' in body) || Array.isArray(body.errors));
}

/** A record with the ETag it was answered with (null if the API sent none). */
export interface Tagged<T> {
  data: T;
  etag: string | null;
}

/** The API's answer when If-Match names a state that is no longer current (someone else saved first). */
export function isStaleWrite(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 412;
}

export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    return (await send('GET', path, { query })).json() as Promise<T>;
  },
  /** GET keeping the record's ETag, for an editor to write only over what it showed (If-Match). */
  async getTagged<T>(path: string, query?: Query): Promise<Tagged<T>> {
    const response = await send('GET', path, { query });
    return { data: (await response.json()) as T, etag: response.headers.get('etag') };
  },
  /**
   * PUT or PATCH with If-Match: refused with 412 (isStaleWrite) if the record changed since `etag`
   * was read. Without an etag (nothing was there to read) a PUT creates only if there is still
   * nothing (If-None-Match: *), so that a record someone created meanwhile is not overwritten.
   */
  async writeTagged<T>(method: 'PUT' | 'PATCH', path: string, body: unknown, etag: string | null): Promise<Tagged<T>> {
    const condition: Record<string, string> = etag ? { 'if-match': etag } : method === 'PUT' ? { 'if-none-match': '*' } : {};
    const response = await send(method, path, { body, headers: condition });
    return { data: (await response.json()) as T, etag: response.headers.get('etag') };
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
