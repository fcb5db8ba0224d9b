import { ApiError } from '../../api/client';
import { japaneseMessage } from '../contact-chart/field-messages';

/** Why the PDF was refused, in Japanese: the API's "日本語 (English)" detail, or the limit it hit. */
export function pdfMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : undefined;
  if (error.status === 413) return 'PDFは10 MBまでです。';
  if (error.status === 415) return 'PDFファイルを選んでください。';
  return japaneseMessage(error.detail) ?? error.detail;
}
