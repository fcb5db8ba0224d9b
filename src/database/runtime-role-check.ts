import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Says at start-up when the API's connection could rewrite the audit log itself: its role owns the
 * audit tables (a single DATABASE_URL) or bypasses privileges. The anchors still detect a rewrite
 * made without KAIJI_AUDIT_ANCHOR_KEY, but the database no longer prevents one.
 */
@Injectable()
export class RuntimeRoleCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [role]: { name: string; superuser: boolean; owner: boolean }[] = await this.db.query(
      `SELECT r.rolname AS name, r.rolsuper OR r.rolbypassrls AS superuser, pg_has_role(current_user, c.relowner, 'USAGE') AS owner
         FROM pg_roles r, pg_class c
        WHERE r.rolname = current_user AND c.oid = 'audit_events'::regclass`,
    );
    if (role && (role.superuser || role.owner)) {
      this.logger.warn(
        { role: role.name },
        `the API connects as ${role.name}, which ${role.superuser ? 'bypasses privileges' : 'owns the audit tables'}: it could disable the audit trigger and rewrite the log ` +
          '(the anchors still detect that without KAIJI_AUDIT_ANCHOR_KEY). Run the API as a role of its own: DATABASE_URL for it, KAIJI_MIGRATION_DATABASE_URL for the owner (README, Configuration).',
      );
    }
  }
}
