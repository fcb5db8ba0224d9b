import { HttpStatus } from '@nestjs/common';

/** A field-level problem in a request, as listed in a validation problem's `errors`. */
export interface FieldError {
  field: string;
  message: string;
  /**
   * The checklist item an answer error is about, as printed ("2-⑨"): `field` is a path into the
   * request (answers[9].targetOn) that integrators match on; itemId is what a person looks up on the sheet.
   */
  itemId?: string;
}

/**
 * The one error vocabulary. Features throw AppError with a stable code; the global filter turns
 * it into RFC 9457 problem+json with that code as `type` suffix.
 */
export class AppError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  /** The record does not exist or is not visible to the caller: both look the same. */
  static notFound(what = 'resource'): AppError {
    return new AppError(HttpStatus.NOT_FOUND, 'not_found', 'Not found', `No such ${what}.`);
  }

  static forbidden(detail: string, code = 'forbidden'): AppError {
    return new AppError(HttpStatus.FORBIDDEN, code, 'Forbidden', detail);
  }

  static conflict(code: string, detail: string): AppError {
    return new AppError(HttpStatus.CONFLICT, code, 'Conflict', detail);
  }

  static invalid(errors: FieldError[], detail = 'The request has invalid fields.'): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, 'validation_failed', 'Invalid request', detail, { errors });
  }

  static unprocessable(code: string, detail: string, extensions: Record<string, unknown> = {}): AppError {
    return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Unprocessable request', detail, extensions);
  }

  static unauthorized(detail = 'Authentication is required.', code = 'unauthorized'): AppError {
    return new AppError(HttpStatus.UNAUTHORIZED, code, 'Unauthorized', detail);
  }
}
