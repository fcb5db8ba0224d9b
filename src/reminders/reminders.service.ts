import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fiscalYearOf, fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import { DomainEvent, EventsService } from '../events/events.service';
import { defineQueue } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import {
  fiscalYearEvent,
  OutdatedFormRow,
  outdatedFormEvent,
  OwedChecklistRow,
  RequestRow,
  requestEvent,
  TargetDateRow,
  targetDateEvent,
  ThreadRow,
  threadEvent,
} from './reminder-messages';
import { CLAIM_FISCAL_YEAR, CLAIM_OUTDATED_FORMS, CLAIM_REQUESTS, CLAIM_TARGET_DATES, CLAIM_WAITING_THREADS } from './reminder.statements';

const REMINDERS_PASS = defineQueue<Record<string, never>>('reminders-pass');

/** How many days into a 年度 the "checklists now owed" reminder is still sent (a late first run). */
const FISCAL_YEAR_START_DAYS = 30;

export interface ReminderCounts {
  targetDates: number;
  requests: number;
  threads: number;
  fiscalYear: number;
  outdatedForms: number;
}

/**
 * Reminders, daily at 08:00 (Japan) on a pg-boss schedule, so one instance runs each occurrence.
 * Each reminder is claimed in `reminders_sent` and published as a domain event in the same
 * transaction: the notification (and the e-mail the user's preference asks for, and any webhook)
 * follows from the event. A reminder fires once per (subject, kind, threshold), however often the
 * pass runs or however many run at once (see reminder.statements.ts). A new form version is found
 * by the daily comparison with the applicable form (as the standing screen does), not by a hook on
 * registration: the catalog loader and the API both register forms.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsService,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(REMINDERS_PASS, '0 8 * * *', 'Asia/Tokyo', async () => {
      await this.run();
    });
  }

  /** One pass for `today` (JST, YYYY-MM-DD; the application's clock by default). */
  async run(today: string = todayInJapan()): Promise<ReminderCounts> {
    const counts = await this.db.transaction(async (manager): Promise<ReminderCounts> => {
      const targetDates: TargetDateRow[] = await manager.query(CLAIM_TARGET_DATES, [today]);
      const requests: RequestRow[] = await manager.query(CLAIM_REQUESTS, [today]);
      const threads: ThreadRow[] = await manager.query(CLAIM_WAITING_THREADS, [today]);
      const owed = await this.claimFiscalYear(manager, today);
      const outdated: OutdatedFormRow[] = await manager.query(CLAIM_OUTDATED_FORMS, [today, owed.fiscalYear]);
      const events: DomainEvent[] = [
        ...targetDates.map(targetDateEvent),
        ...requests.map(requestEvent),
        ...threads.map(threadEvent),
        ...owed.rows.map((row) => fiscalYearEvent(row, owed.fiscalYear)),
        ...outdated.map((row) => outdatedFormEvent(row, owed.fiscalYear)),
      ];
      await this.events.publishMany(manager, events);
      return { targetDates: targetDates.length, requests: requests.length, threads: threads.length, fiscalYear: owed.rows.length, outdatedForms: outdated.length };
    });
    if (Object.values(counts).some((n) => n > 0)) this.logger.log({ today, ...counts }, 'reminders sent');
    return counts;
  }

  private async claimFiscalYear(manager: EntityManager, today: string): Promise<{ fiscalYear: number; rows: OwedChecklistRow[] }> {
    const fiscalYear = fiscalYearOf(today);
    const daysIn = (Date.parse(today) - Date.parse(fiscalYearRange(fiscalYear).from)) / 86_400_000;
    if (daysIn >= FISCAL_YEAR_START_DAYS) return { fiscalYear, rows: [] };
    return { fiscalYear, rows: await manager.query(CLAIM_FISCAL_YEAR, [today, fiscalYear]) };
  }
}
