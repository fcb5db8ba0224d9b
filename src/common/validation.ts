import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, FieldError } from './app-error';

/**
 * At most this many field errors are listed in one answer (then one saying the list stops there):
 * an answer never grows with the body, whatever the body gets wrong.
 */
export const MAX_LISTED_FIELD_ERRORS = 100;

/** Unknown fields are refused, values are converted to the DTO's types, every bad field is listed (up to MAX_LISTED_FIELD_ERRORS). */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => AppError.invalid(listed(flatten(errors))),
  });
}

const CHUNKED_ARRAY = 'kaiji:chunked-array';

interface ChunkedArray {
  property: string;
  itemType: () => Type<object>;
  chunkSize: number;
  /** A budget over all items, counted on the plain body before any conversion: over it, `refuse` is thrown. */
  total?: { count: (item: unknown) => number; max: number; refuse: (total: number) => Error };
}

/**
 * For a body's one large array of nested DTOs (the bulk submission's entries), in place of
 * @ValidateNested + @Type: keep the array's own rules (@IsArray, @ArrayMaxSize…) beside it. The
 * validation pipe then converts and validates the items a chunk at a time, each item replacing its
 * plain object in the same array, so the body is never held twice (plain and converted), the event
 * loop is given back between chunks, and validation stops once MAX_LISTED_FIELD_ERRORS errors are
 * found. One such property per DTO.
 */
export function ValidateEachInChunks(itemType: () => Type<object>, options: { chunkSize?: number; total?: ChunkedArray['total'] } = {}): PropertyDecorator {
  return (target, property) => {
    const chunked: ChunkedArray = { property: String(property), itemType, chunkSize: options.chunkSize ?? 100, total: options.total };
    Reflect.defineMetadata(CHUNKED_ARRAY, chunked, target.constructor);
  };
}

class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const chunked = metadata.metatype ? (Reflect.getMetadata(CHUNKED_ARRAY, metadata.metatype) as ChunkedArray | undefined) : undefined;
    if (!chunked || !isPlainObject(value)) return super.transform(value, metadata);
    const items = value[chunked.property];
    if (!Array.isArray(items)) return super.transform(value, metadata);
    if (chunked.total) {
      let total = 0;
      for (const item of items) total += chunked.total.count(item);
      if (total > chunked.total.max) throw chunked.total.refuse(total);
    }
    // The envelope is validated with a stand-in of the same length: the array's own rules see its
    // size, and class-transformer does not copy the items.
    const envelope = (await super.transform({ ...value, [chunked.property]: new Array<null>(items.length).fill(null) }, metadata)) as Record<string, unknown>;
    await this.convertInPlace(items, chunked);
    envelope[chunked.property] = items;
    return envelope;
  }

  private async convertInPlace(items: unknown[], chunked: ChunkedArray): Promise<void> {
    const errors: FieldError[] = [];
    const options = { ...this.validatorOptions, validationError: { target: false, value: false } };
    for (let start = 0; start < items.length; start += chunked.chunkSize) {
      for (let index = start; index < Math.min(items.length, start + chunked.chunkSize); index++) {
        const field = `${chunked.property}.${index}`;
        const item = items[index];
        if (!isPlainObject(item)) {
          errors.push({ field, message: 'must be an object' });
          continue;
        }
        this.stripProtoKeys(item);
        const converted = plainToInstance(chunked.itemType(), item, this.transformOptions);
        items[index] = converted;
        errors.push(...flatten(await validate(converted, options), field));
      }
      if (errors.length >= MAX_LISTED_FIELD_ERRORS) break;
      // Give the event loop back between chunks: other requests go on while a large body is checked.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (errors.length > 0) throw AppError.invalid(listed(errors));
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first MAX_LISTED_FIELD_ERRORS errors, then one saying the list stops there. */
function listed(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_LISTED_FIELD_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_LISTED_FIELD_ERRORS),
    { field: '', message: `エラーが多いため最初の${MAX_LISTED_FIELD_ERRORS}件だけを示します (only the first ${MAX_LISTED_FIELD_ERRORS} errors are listed)` },
  ];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.includes('should not exist') ? 'is not a known field' : message.replace(new RegExp(`^${escape(error.property)}\\s`), ''),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
