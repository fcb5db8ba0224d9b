import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import { isOperator, Principal } from '../access/principal';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { EventsService } from '../events/events.service';
import { IdentityChangesService } from './identity-changes.service';
import { Organization, OrganizationKind } from './organization.entity';
import { CreateOrganizationDto, OrganizationDto, OrganizationQueryDto, UpdateOrganizationDto } from './organizations.dto';
import { tellTenantAdmins } from './operator-actions';

const KIND_LABELS: Record<OrganizationKind, string> = {
  vendor: '事業者',
  pharmacy: '薬局',
  chain: '法人本部',
  operator: '運営者',
};

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly access: AccessPolicy,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly identityChanges: IdentityChangesService,
  ) {}

  /** The operator registers vendors, pharmacies and chains. */
  async create(principal: Principal, input: CreateOrganizationDto): Promise<OrganizationDto> {
    this.access.assertCanRegisterOrganizations(principal);
    return this.createOrganization(principal, input);
  }

  /** Also used by the demo data and at first start (actor: system). */
  async createOrganization(actor: AuditActor, input: CreateOrganizationDto | { kind: 'operator'; name: string }): Promise<OrganizationDto> {
    const fields = 'pharmacyCode' in input || 'chainId' in input || 'corporateNumber' in input ? (input) : undefined;
    if (fields?.pharmacyCode && input.kind !== 'pharmacy') {
      throw AppError.invalid([{ field: 'pharmacyCode', message: 'is only for pharmacies' }]);
    }
    if (fields?.chainId) {
      if (input.kind !== 'pharmacy') throw AppError.invalid([{ field: 'chainId', message: 'is only for pharmacies' }]);
      const chain = await this.organizations.findOneBy({ id: fields.chainId });
      if (chain?.kind !== 'chain') throw AppError.invalid([{ field: 'chainId', message: 'must be the id of a chain organization' }]);
    }
    return this.organizations.manager.transaction(async (manager) => {
      const created = await manager.save(
        manager.create(Organization, {
          kind: input.kind,
          name: input.name,
          corporateNumber: fields?.corporateNumber ?? null,
          pharmacyCode: fields?.pharmacyCode ?? null,
          chainId: fields?.chainId ?? null,
        }),
      );
      await this.audit.record(
        { actor, organizationId: created.id, action: 'organization.create', target: { type: 'organization', id: created.id }, details: { kind: input.kind, name: input.name } },
        manager,
      );
      return toDto(created);
    });
  }

  async get(principal: Principal, id: string): Promise<OrganizationDto> {
    await this.access.assertCanReadOrganization(principal, id);
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw AppError.notFound('organization');
    const own = principal.organizationId === id || isOperator(principal);
    return { ...toDto(organization), ...(own ? { identityChange: await this.identityChanges.latest(this.organizations.manager, id) } : {}) };
  }

  async list(principal: Principal, query: OrganizationQueryDto): Promise<Page<OrganizationDto>> {
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const qb = this.organizations.createQueryBuilder('o').orderBy('o.created_at').addOrderBy('o.id').limit(size + 1);
    const visible = this.access.readableOrganizationsFilter(principal, 'o');
    if (visible) qb.andWhere(visible.where, visible.params);
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.chainId) qb.andWhere('o.chain_id = :chainId', { chainId: query.chainId });
    if (after) qb.andWhere('(o.created_at, o.id) > (:afterAt, :afterId)', { afterAt: after.createdAt, afterId: after.id });
    const rows = await qb.getMany();
    return toPage(rows, size, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }), toDto);
  }

  async update(principal: Principal, id: string, input: UpdateOrganizationDto): Promise<OrganizationDto> {
    await this.access.assertCanUpdateOrganization(principal, id);
    if (input.requireTwoFactor !== undefined || input.autoDisableInactiveUsers !== undefined) this.access.assertCanChangeSecuritySettings(principal, id);
    const byOperator = this.access.isOperatorInTenant(principal, id);
    return this.organizations.manager.transaction(async (manager) => {
      const organization = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!organization) throw AppError.notFound('organization');
      // A vendor's own name / 法人番号 change waits for the operator (identity-changes.service.ts).
      input = await this.identityChanges.screen(manager, principal, organization, input);
      Object.assign(organization, definedOnly(input));
      const saved = await manager.save(organization);
      const details = { ...input, ...(byOperator ? { byOperator } : {}) };
      await this.audit.record({ actor: principal, organizationId: id, action: 'organization.update', target: { type: 'organization', id }, details }, manager);
      if (byOperator) await tellTenantAdmins(this.events, manager, principal, id, 'organization.update', { type: 'organization', id }, Object.keys(definedOnly(input)));
      return { ...toDto(saved), identityChange: await this.identityChanges.latest(manager, id) };
    });
  }
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function toDto(organization: Organization): OrganizationDto {
  return {
    id: organization.id,
    kind: organization.kind,
    kindLabel: KIND_LABELS[organization.kind],
    name: organization.name,
    corporateNumber: organization.corporateNumber,
    pharmacyCode: organization.pharmacyCode,
    chainId: organization.chainId,
    requireTwoFactor: organization.requireTwoFactor,
    autoDisableInactiveUsers: organization.autoDisableInactiveUsers,
    createdAt: organization.createdAt.toISOString(),
  };
}
