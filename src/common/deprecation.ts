import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

/** The least time between announcing a deprecation and the sunset (README, "Versioning and deprecation"). */
export const MIN_DEPRECATION_NOTICE_DAYS = 180;

export interface DeprecationNotice {
  /** When the operation became deprecated (ISO 8601 date or date-time). */
  since: string;
  /** When it stops working (ISO 8601), at least MIN_DEPRECATION_NOTICE_DAYS after `since`; unset while no date is set. */
  sunset?: string;
  /** A page that says what to use instead (sent as Link rel="deprecation"). */
  link?: string;
}

const DEPRECATION = Symbol('deprecation');

/**
 * Marks a route deprecated: `deprecated: true` on its OpenAPI operation (whatever the order of
 * the decorators), and on every answer the `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and
 * `Link` headers integrators' tools watch for. A sunset closer than the promised notice is a
 * programming error, refused when the class is defined.
 */
export function Deprecated(notice: DeprecationNotice): MethodDecorator {
  const headers = deprecationHeaders(notice);
  return applyDecorators(SetMetadata(DEPRECATION, headers), UseInterceptors(DeprecationInterceptor), markOperationDeprecated);
}

/** The headers for a notice; throws on a date that does not parse or a notice shorter than promised. */
export function deprecationHeaders(notice: DeprecationNotice): Record<string, string> {
  const since = parseDate(notice.since, 'since');
  const headers: Record<string, string> = { Deprecation: `@${Math.floor(since.getTime() / 1000)}` };
  const links: string[] = [];
  if (notice.link) links.push(`<${notice.link}>; rel="deprecation"; type="text/html"`);
  if (notice.sunset) {
    const sunset = parseDate(notice.sunset, 'sunset');
    if (sunset.getTime() - since.getTime() < MIN_DEPRECATION_NOTICE_DAYS * 86_400_000) {
      throw new Error(`Deprecated: the sunset ${notice.sunset} is less than ${MIN_DEPRECATION_NOTICE_DAYS} days after ${notice.since}`);
    }
    headers.Sunset = sunset.toUTCString();
    if (notice.link) links.push(`<${notice.link}>; rel="sunset"; type="text/html"`);
  }
  if (links.length > 0) headers.Link = links.join(', ');
  return headers;
}

function parseDate(value: string, name: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Deprecated: ${name} ${JSON.stringify(value)} is not an ISO 8601 date`);
  return date;
}

/**
 * Where @nestjs/swagger keeps @ApiOperation's options (API_OPERATION_METADATA, which its package
 * exports do not expose); deprecation.spec.ts fails if it moves.
 */
const API_OPERATION_METADATA = 'swagger/apiOperation';

/** Merges rather than replaces: @ApiOperation's own summary and description stay, in either order of decorators. */
const markOperationDeprecated: MethodDecorator = (_target, _key, descriptor) => {
  const previous = (Reflect.getMetadata(API_OPERATION_METADATA, descriptor.value as object) ?? {}) as Record<string, unknown>;
  Reflect.defineMetadata(API_OPERATION_METADATA, { ...previous, deprecated: true }, descriptor.value as object);
  return descriptor;
};

/** Sets the headers before the handler runs, so that refusals (problem+json) carry them too. */
@Injectable()
export class DeprecationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const headers = this.reflector.get<Record<string, string> | undefined>(DEPRECATION, context.getHandler());
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    for (const [name, value] of Object.entries(headers ?? {})) {
      const existing = name === 'Link' ? reply.getHeader('link') : undefined;
      void reply.header(name, typeof existing === 'string' && existing ? `${existing}, ${value}` : value);
    }
    return next.handle();
  }
}
