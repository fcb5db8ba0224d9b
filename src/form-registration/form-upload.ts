import { createValidationPipe } from '../common/validation';
import { RegisterFormDto } from '../forms/forms.dto';
import { notAWorkbook } from './workbook-problems';

/** What POST /v1/forms takes: the JSON definition, or the bytes of an XLSX (from the XLSX content-type parser). */
export type FormUpload = RegisterFormDto | Buffer;

const validation = createValidationPipe();

/**
 * The body of POST /v1/forms, checked only once the caller is known to be the operator (anyone
 * else gets 404 whatever they send): a workbook's bytes as they are, to be read by the reader;
 * JSON validated as RegisterFormDto exactly as the global pipe validates every other body.
 */
export async function formUploadOf(body: unknown): Promise<FormUpload> {
  if (Buffer.isBuffer(body)) return body;
  // An empty XLSX body reaches here as nothing at all (a JSON one is refused by the JSON parser).
  if (body === undefined || body === null) throw notAWorkbook('本文が空です。様式のブック（.xlsx）かJSONを送ってください', 'the body is empty: send the XLSX workbook or the JSON definition');
  return (await validation.transform(body, { type: 'body', metatype: RegisterFormDto })) as RegisterFormDto;
}
