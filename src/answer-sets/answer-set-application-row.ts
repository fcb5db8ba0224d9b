import { fiscalYearLabel } from '../common/fiscal-year';
import type { AnswerSetApplicationDto, ApplicationFailureDto, ApplicationStatus } from './answer-set-responses.dto';

/** A row of answer_set_applications as selected with `*`. */
export interface ApplicationRow {
  id: string;
  answer_set_id: string;
  vendor_id: string;
  fiscal_year: number;
  selection: Record<string, unknown>;
  override_count: number;
  status: 'running' | 'completed' | 'failed';
  total: number;
  done: number;
  created: number;
  unchanged: number;
  failed: number;
  failures: ApplicationFailureDto[];
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/**
 * A running application brings its record up to date after every chunk (seconds apart). One not
 * updated for this long was stopped with its server: it is shown as interrupted.
 */
const STALLED_AFTER_MS = 10 * 60_000;

export function applicationStatus(row: Pick<ApplicationRow, 'status' | 'updated_at'>, now = Date.now()): ApplicationStatus {
  if (row.status === 'running' && now - row.updated_at.getTime() > STALLED_AFTER_MS) return 'interrupted';
  return row.status;
}

export function toApplicationDto(row: ApplicationRow): AnswerSetApplicationDto {
  return {
    id: row.id,
    answerSetId: row.answer_set_id,
    dryRun: false,
    status: applicationStatus(row),
    fiscalYear: row.fiscal_year,
    fiscalYearLabel: fiscalYearLabel(row.fiscal_year),
    total: row.total,
    done: row.done,
    created: row.created,
    unchanged: row.unchanged,
    failed: row.failed,
    overrideCount: row.override_count,
    customers: [],
    chains: [],
    overrides: [],
    problems: [],
    failures: row.failures,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
