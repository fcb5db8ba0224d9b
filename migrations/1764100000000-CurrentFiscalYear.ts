import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 令和8年度 (issue 12): an answer whose はい is a plan (an item with plannedBy, e.g. 二要素認証 by
 * 令和9年度) records the planned date, on the vendor's 事業者確認用 and on the facility's own checklist.
 */
export class CurrentFiscalYear1764100000000 implements MigrationInterface {
  name = 'CurrentFiscalYear1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE vendor_checklist_answers ADD COLUMN planned_on date;
      ALTER TABLE facility_checklist_answers ADD COLUMN planned_on date;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE facility_checklist_answers DROP COLUMN planned_on;
      ALTER TABLE vendor_checklist_answers DROP COLUMN planned_on;
    `);
  }
}
