import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { API_SCOPES } from '../auth/scopes';
import { sha256 } from '../common/hashing';

/**
 * The sandbox's API client, for an integrator's first hour with `npm run demo`: the demo vendor's
 * system, allowed from this machine only (loopback), with every scope. Its credentials are fixed
 * and printed at start, like the demo passwords: the demo never runs in production, and a fixed
 * secret keeps working across restarts of the demo.
 */
export const DEMO_API_CLIENT = {
  name: 'サンドボックス連携 (sandbox)',
  clientId: 'kc_demo_sandbox',
  clientSecret: 'ks_demo_sandbox_not_for_production_0123456789',
  allowedCidrs: ['127.0.0.1/32', '::1/128'],
  scopes: [...API_SCOPES],
};

/** Where the demo vendor's admin signs in: the sandbox client belongs to that vendor. */
const DEMO_VENDOR_ADMIN = 'admin@sakura-medical.example';

@Injectable()
export class DemoApiClient {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the sandbox client for the demo vendor unless it exists (idempotent: each demo start
   * calls it, also on a database loaded by an older demo). Returns false without a demo vendor.
   */
  async ensure(): Promise<boolean> {
    const [vendor]: { organization_id: string }[] = await this.db.query(
      `SELECT u.organization_id FROM users u JOIN organizations o ON o.id = u.organization_id WHERE lower(u.email) = $1 AND o.kind = 'vendor'`,
      [DEMO_VENDOR_ADMIN],
    );
    if (!vendor) return false;
    await this.ensureFor(vendor.organization_id);
    return true;
  }

  async ensureFor(organizationId: string): Promise<void> {
    const c = DEMO_API_CLIENT;
    await this.db.transaction(async (manager) => {
      const created: { id: string }[] = await manager.query(
        `INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO NOTHING RETURNING id`,
        [organizationId, c.clientId, c.name, c.scopes, c.allowedCidrs, sha256(c.clientSecret)],
      );
      if (created.length === 0) return;
      await this.audit.record(
        {
          actor: { type: 'system', label: 'demo-data' },
          organizationId,
          action: 'api_client.create',
          target: { type: 'api_client', id: created[0].id },
          details: { name: c.name, scopes: c.scopes, allowedCidrs: c.allowedCidrs },
        },
        manager,
      );
    });
  }

  /** What the demo prints: the credentials, and two curl lines that get a token and call the API with it. */
  describe(baseUrl: string): string[] {
    const c = DEMO_API_CLIENT;
    return [
      `demo API client (sandbox, from this machine only: ${c.allowedCidrs.join(', ')}; scopes: all):`,
      `  client_id     ${c.clientId}`,
      `  client_secret ${c.clientSecret}`,
      `  OAuth metadata: ${baseUrl}/.well-known/oauth-authorization-server`,
      '  try it:',
      `    TOKEN=$(curl -s -u ${c.clientId}:${c.clientSecret} -d grant_type=client_credentials ${baseUrl}/v1/auth/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
      `    curl -s -H "Authorization: Bearer $TOKEN" ${baseUrl}/v1/contracts`,
    ];
  }
}
