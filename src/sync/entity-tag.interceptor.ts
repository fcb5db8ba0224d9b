import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, Type, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { catchError, Observable, tap, throwError } from 'rxjs';
import { AppError } from '../common/app-error';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { entityTag, PRECONDITION_FAILED } from './entity-tag';

interface Versioned {
  id: string;
  revision?: number | null;
  updatedAt: string;
}

function isVersioned(value: unknown): value is Versioned {
  const candidate = value as Partial<Versioned> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.id === 'string' && typeof candidate.updatedAt === 'string';
}

/**
 * Puts the ETag of the record a route answers with on the response (reads and writes alike: after a
 * write the caller holds the tag of what it wrote), and on a 412 the current one. If-None-Match is
 * answered with 304 by the conditional-GET hook (conditional-get.ts) once the tag is known.
 */
@Injectable()
export class EntityTagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        if (isVersioned(body)) void reply.header('ETag', entityTag({ id: body.id, revision: body.revision ?? null, updatedAt: body.updatedAt }));
      }),
      catchError((error: unknown) => {
        if (error instanceof AppError && error.code === PRECONDITION_FAILED && typeof error.extensions.currentEtag === 'string') {
          void reply.header('ETag', error.extensions.currentEtag);
        }
        return throwError(() => error);
      }),
    );
  }
}

const ETAG_HEADER = {
  ETag: { description: 'Strong entity tag of the record as answered: send it back in If-Match to write only over this state, or in If-None-Match to get 304 while it is unchanged.', schema: { type: 'string' } },
};

/** A read of a mutable record: answers an ETag; If-None-Match with the current tag answers 304 without a body. */
export function EntityTagRead(type: Type<unknown>) {
  return applyDecorators(
    UseInterceptors(EntityTagInterceptor),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag received earlier: 304 Not Modified while the record is unchanged.' }),
    ApiOkResponse({ type, description: 'The record, with its ETag.', headers: ETAG_HEADER }),
    ApiResponse({ status: 304, description: 'Not modified since the ETag in If-None-Match (no body).', headers: ETAG_HEADER }),
  );
}

/**
 * A write of a draft (or another editable record) that honours If-Match. Without If-Match the write
 * goes ahead as before (backward compatible); with a stale tag it is refused with 412
 * precondition_failed and the current ETag, and nothing is written.
 */
export function EntityTagWrite(type: Type<unknown>) {
  return applyDecorators(
    UseInterceptors(EntityTagInterceptor),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag you read: the write happens only if the record is still in that state, else 412 precondition_failed (with the current ETag). Optional: without it the write overwrites whatever is current.',
    }),
    ApiOkResponse({ type, description: 'Written; the ETag is that of the record as it now is.', headers: ETAG_HEADER }),
    ApiProblems(412),
  );
}
