import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { passwordPolicyViolations } from '../accounts/password-policy';
import { UsersService } from '../accounts/users.service';
import { APP_CONFIG, AppConfig, ConfigError } from '../config/app-config';
import { OrganizationsService } from '../organizations/organizations.service';

const SYSTEM = { type: 'system' as const, label: 'startup' };
/** Arbitrary constant: serializes operator creation across instances. */
const OPERATOR_LOCK = 7_263_102;

/** The operator account comes from KAIJI_OPERATOR_EMAIL / KAIJI_OPERATOR_PASSWORD on first start. */
@Injectable()
export class OperatorBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
  ) {}

  /** Creates the operator organization and account unless an account with that e-mail exists. */
  async ensureOperator(credentials = this.config.operator): Promise<void> {
    if (!credentials) return;
    const problems = passwordPolicyViolations(credentials.password, credentials.email);
    if (problems.length > 0) throw new ConfigError('KAIJI_OPERATOR_PASSWORD', problems.join('; '));
    // Several instances may start at once: one creates, the others find it done.
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [OPERATOR_LOCK]);
      const existing: unknown[] = await runner.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [credentials.email]);
      if (existing.length > 0) return;
      const organizationId = await this.operatorOrganizationId();
      await this.users.createUser(SYSTEM, organizationId, { email: credentials.email, displayName: 'Kaiji 運営者', role: 'admin', password: credentials.password });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [OPERATOR_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }

  private async operatorOrganizationId(): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(`SELECT id FROM organizations WHERE kind = 'operator' ORDER BY created_at LIMIT 1`);
    if (row) return row.id;
    return (await this.organizations.createOrganization(SYSTEM, { kind: 'operator', name: 'Kaiji 運営' })).id;
  }
}
