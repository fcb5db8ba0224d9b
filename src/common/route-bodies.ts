import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JsonBodyConfig } from './body-shape';

/**
 * What a route takes as a body, as Fastify route config, known before a byte of the body is read.
 * By default: JSON or form-encoded, up to the server's body limit and DEFAULT_MAX_JSON_VALUES.
 */
export interface RouteBodyConfig extends JsonBodyConfig {
  /** No token needed (set by @Public()): everything else refuses a body without a valid one. */
  public?: boolean;
  /** Media types with a parser of their own (PDF, XLSX) this route takes; elsewhere they are refused (415) unread. */
  uploadTypes?: string[];
  /** Heavy to read and to process (bulk submissions, PDF uploads): they take turns (heavy-request-gate.ts). */
  heavy?: boolean;
}

export interface RouteBodyRule {
  /** Raises (or lowers) the body limit of this route. */
  bodyLimit?: number;
  config: RouteBodyConfig;
}

export function routeBodyConfig(request: FastifyRequest): RouteBodyConfig {
  return (request.routeOptions.config ?? {}) as RouteBodyConfig;
}

/**
 * Applies the rules, keyed 'METHOD /path' as the routes are registered (with the global prefix), to
 * the routes as they are registered; public routes (which read bodies from anyone) get
 * `publicBodyLimit` unless a rule says otherwise. Must be called before the routes are registered.
 */
export function useRouteBodyRules(fastify: FastifyInstance, rules: Record<string, RouteBodyRule>, publicBodyLimit: number): void {
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const rule = methods.map((method) => rules[`${method} ${route.url}`]).find((found) => found !== undefined);
    const config = (route.config ?? {}) as RouteBodyConfig;
    if (rule) {
      route.config = { ...config, ...rule.config };
      if (rule.bodyLimit !== undefined) route.bodyLimit = rule.bodyLimit;
    } else if (config.public && route.bodyLimit === undefined) {
      route.bodyLimit = publicBodyLimit;
    }
  });
}
