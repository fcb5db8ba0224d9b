import type { RouteBodyRule } from '../common/route-bodies';
import { XLSX_CONTENT_TYPE } from '../form-registration/form-workbook-layout';
import { CHECKLIST_WORKBOOK_BODY_LIMIT_BYTES } from './checklist-workbook-layout';

/**
 * What the workbook uploads take as a body (merged into app.setup.ts' route rules): an XLSX up to
 * the workbook limit (a little more, so the service, not the framework, says what the limit is),
 * heavy (they take turns with bulk submissions and PDF uploads).
 */
export const WORKBOOK_ROUTE_BODY_RULES: Record<string, RouteBodyRule> = {
  'POST /v1/checklist-workbooks': { bodyLimit: CHECKLIST_WORKBOOK_BODY_LIMIT_BYTES, config: { uploadTypes: [XLSX_CONTENT_TYPE], heavy: true } },
  'POST /v1/disclosure-workbooks': { bodyLimit: CHECKLIST_WORKBOOK_BODY_LIMIT_BYTES, config: { uploadTypes: [XLSX_CONTENT_TYPE], heavy: true } },
};
