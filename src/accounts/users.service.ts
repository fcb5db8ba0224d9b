import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import type { AuditActor } from '../audit/audit.service';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { assertEmailAvailable } from './email-availability';
import { CreateUserDto, UpdateUserDto, UserDto, UserQueryDto } from './accounts.dto';
import { PasswordsService } from './passwords.service';
import type { UserRole } from './user.entity';

interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  role: UserRole;
  enrolled: boolean;
  disabled_at: Date | null;
  disabled_reason: string | null;
  last_login_at: Date | null;
  inactive: boolean;
  password_change_required: boolean;
  two_factor_enrolment_required: boolean;
  created_at: Date;
}

const USER_COLUMNS = `id, organization_id, email, display_name, role, totp_enabled_at IS NOT NULL AS enrolled, disabled_at,
  disabled_reason, last_login_at, password_change_required, two_factor_enrolment_required, created_at,
  coalesce(last_login_at, created_at) < now() - make_interval(days => $1) AS inactive`;

/** Organization admins managing their organization's portal accounts (the operator: only a first admin). */
@Injectable()
export class UsersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly passwords: PasswordsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * An organization's admins create its accounts; the operator only the first admin of an
   * organization that has none, recorded in that organization's audit chain (marked byOperator).
   * There is no admin yet to tell: the new admin finds it at the top of the log.
   */
  async create(principal: Principal, organizationId: string, input: CreateUserDto): Promise<UserDto> {
    return this.db.transaction(async (manager) => {
      const creator = await this.access.assertCanCreateUser(manager, principal, organizationId, input.role);
      return this.insertUser(manager, principal, organizationId, input, creator === 'operator_first_admin' ? { byOperator: true } : {});
    });
  }

  /** Also used at start-up for the operator account and by the demo data (actor: system). */
  async createUser(actor: AuditActor, organizationId: string, input: CreateUserDto): Promise<UserDto> {
    return this.db.transaction((manager) => this.insertUser(manager, actor, organizationId, input));
  }

  private async insertUser(manager: EntityManager, actor: AuditActor, organizationId: string, input: CreateUserDto, audited: Record<string, unknown> = {}): Promise<UserDto> {
    this.passwords.assertAcceptable(input.password, input.email);
    await assertEmailAvailable(this.db, organizationId, input.email);
    const [created]: { id: string }[] = await manager.query(
      `INSERT INTO users (organization_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, '') RETURNING id`,
      [organizationId, input.email, input.displayName, input.role],
    );
    await this.passwords.setPassword(manager, { id: created.id, email: input.email }, input.password);
    await this.audit.record(
      { actor, organizationId, action: 'user.create', target: { type: 'user', id: created.id }, details: { email: input.email, role: input.role, ...audited } },
      manager,
    );
    return this.findOne(manager, organizationId, created.id);
  }

  async list(principal: Principal, organizationId: string, query: UserQueryDto): Promise<Page<UserDto>> {
    this.access.assertCanManageAccounts(principal, organizationId);
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const rows: UserRow[] = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users
        WHERE organization_id = $2
          AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))
          AND ($5::boolean IS NULL OR (coalesce(last_login_at, created_at) < now() - make_interval(days => $1) AND disabled_at IS NULL) = $5)
        ORDER BY created_at, id LIMIT $6`,
      [this.config.inactiveDays, organizationId, after?.createdAt ?? null, after?.id ?? null, query.inactive ?? null, size + 1],
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toDto);
  }

  async update(principal: Principal, organizationId: string, userId: string, input: UpdateUserDto): Promise<UserDto> {
    this.access.assertCanManageAccounts(principal, organizationId);
    return this.db.transaction(async (manager) => {
      // Serializes changes to one organization's accounts: two admins demoting each other at the
      // same time would otherwise both see "another active admin" and leave none.
      await manager.query('SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [organizationId]);
      const before = await this.findOne(manager, organizationId, userId, true);
      const losesAdmin = before.role === 'admin' && !before.disabled && ((input.role && input.role !== 'admin') || input.disabled === true);
      if (losesAdmin) await this.assertAnotherActiveAdmin(manager, organizationId, userId);
      await manager.query(
        `UPDATE users SET display_name = coalesce($3, display_name), role = coalesce($4, role),
                disabled_at = CASE WHEN $5::boolean IS TRUE THEN coalesce(disabled_at, now()) WHEN $5::boolean IS FALSE THEN NULL ELSE disabled_at END,
                disabled_reason = CASE WHEN $5::boolean IS TRUE THEN coalesce(disabled_reason, 'disabled_by_admin') WHEN $5::boolean IS FALSE THEN NULL ELSE disabled_reason END,
                last_login_at = CASE WHEN $5::boolean IS FALSE THEN now() ELSE last_login_at END,
                updated_at = now()
          WHERE id = $1 AND organization_id = $2`,
        [userId, organizationId, input.displayName ?? null, input.role ?? null, input.disabled ?? null],
      );
      if (input.disabled === true) {
        await manager.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'user_disabled' WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
      }
      await this.audit.record(
        { actor: principal, organizationId, action: 'user.update', target: { type: 'user', id: userId }, details: { ...input } },
        manager,
      );
      return this.findOne(manager, organizationId, userId);
    });
  }

  /**
   * Disables the accounts of an organization left unused for the configured period (2-⑤).
   * Idempotent, so a sweep that runs twice (two instances) disables and audits each account once.
   */
  async disableInactive(actor: AuditActor, organizationId: string): Promise<number> {
    return this.db.transaction(async (manager) => {
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount].
      const disabled: { id: string; email: string }[] = await manager.query(
        `WITH disabled AS (
           UPDATE users SET disabled_at = now(), disabled_reason = 'inactive', updated_at = now()
            WHERE organization_id = $1 AND disabled_at IS NULL AND coalesce(last_login_at, created_at) < now() - make_interval(days => $2)
          RETURNING id, email)
         SELECT id, email FROM disabled`,
        [organizationId, this.config.inactiveDays],
      );
      if (disabled.length === 0) return 0;
      await manager.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'user_disabled' WHERE user_id = ANY($1) AND revoked_at IS NULL`, [
        disabled.map((u) => u.id),
      ]);
      await this.audit.recordMany(
        disabled.map((user) => ({
          actor,
          organizationId,
          action: 'user.disable_inactive',
          target: { type: 'user', id: user.id },
          details: { email: user.email, inactiveDays: this.config.inactiveDays },
        })),
        manager,
      );
      return disabled.length;
    });
  }

  async disableInactiveAsAdmin(principal: Principal, organizationId: string): Promise<number> {
    this.access.assertCanManageAccounts(principal, organizationId);
    return this.disableInactive(principal, organizationId);
  }

  /** One account of the organization (404 otherwise); `forUpdate` locks its row for the caller's transaction. */
  async findOne(manager: EntityManager, organizationId: string, userId: string, forUpdate = false): Promise<UserDto> {
    const [row]: UserRow[] = await manager.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $2 AND organization_id = $3 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [this.config.inactiveDays, userId, organizationId],
    );
    if (!row) throw AppError.notFound('user');
    return toDto(row);
  }

  private async assertAnotherActiveAdmin(manager: EntityManager, organizationId: string, userId: string): Promise<void> {
    const [row]: { count: string }[] = await manager.query(
      `SELECT count(*) FROM users WHERE organization_id = $1 AND role = 'admin' AND disabled_at IS NULL AND id <> $2`,
      [organizationId, userId],
    );
    if (Number(row.count) === 0) throw AppError.conflict('last_admin', 'An organization must keep at least one active administrator.');
  }
}

function toDto(row: UserRow): UserDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    twoFactorEnrolled: row.enrolled,
    disabled: row.disabled_at !== null,
    disabledReason: row.disabled_reason,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    inactive: row.inactive && row.disabled_at === null,
    passwordChangeRequired: row.password_change_required,
    twoFactorEnrolmentRequired: row.two_factor_enrolment_required,
    createdAt: row.created_at.toISOString(),
  };
}
