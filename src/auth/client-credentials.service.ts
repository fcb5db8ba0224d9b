import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestOrigin } from '../access/principal';
import type { OrganizationKind } from '../organizations/organization.entity';
import { AuditService } from '../audit/audit.service';
import { isAddressAllowed } from '../common/source-address';
import { sha256 } from '../common/hashing';
import { OAuthTokenError } from '../oauth/oauth-error';
import { TokensService } from './tokens.service';

interface ClientRow {
  id: string;
  organization_id: string;
  kind: OrganizationKind;
  name: string;
  scopes: string[];
  allowed_cidrs: string[];
  secret_hash: string;
  revoked: boolean;
}

export interface ClientToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for vendor systems; refusals are RFC 6749 §5.2 errors (src/oauth). */
@Injectable()
export class ClientCredentialsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  async issue(clientId: string, clientSecret: string, requestedScope: string | undefined, origin: RequestOrigin): Promise<ClientToken> {
    const [client]: ClientRow[] =
      await this.db.query(
        `SELECT c.id, c.organization_id, o.kind, c.name, c.scopes, c.allowed_cidrs, c.secret_hash, c.revoked_at IS NOT NULL AS revoked
           FROM api_clients c JOIN organizations o ON o.id = c.organization_id WHERE c.client_id = $1`,
        [clientId],
      );
    const secretOk = client ? safeEqual(client.secret_hash, sha256(clientSecret)) : false;
    const actor = { type: 'anonymous' as const, label: clientId.slice(0, 100), origin };
    if (!client || !secretOk || client.revoked) {
      await this.audit.record({ actor, organizationId: client?.organization_id ?? null, action: 'auth.token', outcome: 'failure', details: { reason: 'invalid_client' } });
      throw invalidClient();
    }
    if (!isAddressAllowed(origin.ip, client.allowed_cidrs)) {
      await this.audit.record({ actor, organizationId: client.organization_id, action: 'auth.token', outcome: 'failure', target: { type: 'api_client', id: client.id }, details: { reason: 'source_not_allowed' } });
      throw new OAuthTokenError('unauthorized_client', `Requests from ${origin.ip} are not allowed for this client: it is outside the client's allowed source ranges (allowedCidrs).`);
    }
    const requested = requestedScope?.split(' ').filter(Boolean);
    const unknown = requested?.filter((scope) => !client.scopes.includes(scope)) ?? [];
    if (unknown.length > 0) throw new OAuthTokenError('invalid_scope', `This client may not request: ${unknown.join(' ')}.`);
    // Scopes narrow what a token may do; the client's current scopes are still checked on each use.
    const granted = requested ?? client.scopes;

    await this.db.query('UPDATE api_clients SET last_used_at = now() WHERE id = $1', [client.id]);
    await this.audit.record({
      actor: { type: 'client', clientId: client.id, clientName: client.name, scopes: granted, organizationId: client.organization_id, organizationKind: client.kind, origin },
      organizationId: client.organization_id,
      action: 'auth.token',
      target: { type: 'api_client', id: client.id },
      details: { scope: granted.join(' ') },
    });
    return {
      access_token: this.tokens.signAccessToken({ sub: client.id, typ: 'client', scope: granted.join(' ') }),
      token_type: 'Bearer',
      expires_in: this.tokens.accessTokenTtl,
      scope: granted.join(' '),
    };
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function invalidClient(description = 'Client authentication failed.'): OAuthTokenError {
  return new OAuthTokenError('invalid_client', description);
}
