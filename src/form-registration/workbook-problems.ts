import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';

/**
 * A problem found in an uploaded workbook, where a person finds it in Excel: the sheet, the row
 * number and the column heading (and the cell, A1-style, when both are known). `field` is the path
 * in the JSON definition, for integrators who also send JSON.
 */
export interface WorkbookProblem {
  sheet: string;
  row?: number;
  column?: string;
  cell?: string;
  field?: string;
  /** Japanese, with the English beside it in brackets. */
  message: string;
}

/** "A", "B", … "AA": the column letter Excel shows. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** The body is not an XLSX workbook (not a ZIP, or a ZIP without a workbook in it, or unreadable). */
export function notAWorkbook(japanese: string, english: string): AppError {
  return new AppError(HttpStatus.BAD_REQUEST, 'not_a_workbook', 'Not an XLSX workbook', `${japanese} (${english})`);
}

/** Over the size limit as sent, or once its parts are inflated. */
export function workbookTooLarge(japanese: string, english: string, limitBytes: number): AppError {
  return new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'workbook_too_large', 'Workbook too large', `${japanese} (${english})`, { limitBytes });
}

/** The same code as a JSON definition's field errors, with each problem placed in the workbook. */
export function workbookInvalid(problems: WorkbookProblem[]): AppError {
  return new AppError(
    HttpStatus.BAD_REQUEST,
    'validation_failed',
    'Invalid request',
    `様式のブックに${problems.length}件の誤りがあります。シート・行・列を確認して修正してください (The workbook has ${problems.length} problem(s); each names its sheet, row and column).`,
    { errors: problems },
  );
}
