import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';
import type { Principal } from '../access/principal';
import type { WorkbookProblem } from '../form-registration/workbook-problems';
import { MAX_LISTED_PROBLEMS } from './checklist-workbook-layout';

/**
 * 422 workbook_invalid: the book was read, and what is wrong in it is listed where a person finds
 * it in Excel (sheet, row, column, cell), the first MAX_LISTED_PROBLEMS of them; `problemCount`
 * says how many there were. Nothing was written.
 */
export function workbookRefused(problems: WorkbookProblem[]): AppError {
  const count = problems.length;
  return new AppError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'workbook_invalid',
    'The workbook has problems',
    `ブックに${count}件の誤りがあります。シート・行・列を確認して修正してください。何も保存していません (the workbook has ${count} problem(s), each placed by sheet, row and column; nothing was written).`,
    { errors: problems.slice(0, MAX_LISTED_PROBLEMS), problemCount: count },
  );
}

/** Vendors (and their systems) answer 事業者確認用 and write MDS/SDS; anyone else is refused as the bulk path refuses them. */
export function assertVendor(principal: Principal, what: string): void {
  if (principal.organizationKind !== 'vendor') throw AppError.forbidden(`${what}は事業者が使います (vendors use ${what} workbooks).`, 'vendor_required');
}

/** The body as bytes: the XLSX content-type parser hands a Buffer; anything else never reaches here (415). */
export function workbookBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body) && body.length > 0) return body;
  throw new AppError(HttpStatus.BAD_REQUEST, 'not_a_workbook', 'Not an XLSX workbook', '本文が空です。ブック（.xlsx）を送ってください (the body is empty: send the XLSX workbook)');
}
