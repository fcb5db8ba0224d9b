/**
 * The ceiling of the pull-path benchmark: Fastify and a `pg` pool serving GET /v1/disclosures and
 * GET /v1/disclosures/:id with the very statements Kaiji runs for them (imported from
 * src/disclosures/disclosure-statements.ts, prepared under the same names), the same form
 * definitions (cached, as Kaiji does) and the same audit insert on a customer's read, answering
 * the same JSON. No framework, validation,
 * logging, security headers or authentication: the principal is fixed by the environment (BARE_*),
 * so it skips the token check and the per-request session lookup Kaiji does.
 * Run by bench/pull-path.ts as a child process: DATABASE_URL, PORT, BARE_POOL_SIZE and BARE_* set.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import type { UserPrincipal } from '../src/access/principal';
import { INSERT_AUDIT_EVENTS } from '../src/audit/audit.service';
import type { OrganizationKind } from '../src/organizations/organization.entity';
import { decodeCursor, toPage } from '../src/common/pagination';
import { preparedName } from '../src/common/prepared-statements';
import { canonicalForm } from '../src/forms/form-canonical';
import type { FormDefinition } from '../src/forms/form-definition';
import { DisclosureRow, DisclosureWithAnswersRow, toDisclosureAnswerDtos, toDisclosureDto } from '../src/disclosures/disclosure-row';
import { disclosureListStatement, disclosureStatement } from '../src/disclosures/disclosure-statements';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const principal: UserPrincipal = {
  type: 'user',
  userId: required('BARE_USER_ID'),
  email: required('BARE_USER_EMAIL'),
  role: 'admin',
  sessionId: '00000000-0000-0000-0000-000000000000',
  organizationId: required('BARE_ORGANIZATION_ID'),
  organizationKind: required('BARE_ORGANIZATION_KIND') as OrganizationKind,
  twoFactorEnrolled: false,
  twoFactorEnrolmentPending: false,
  origin: { ip: '127.0.0.1', userAgent: null },
};
const pool = new Pool({ connectionString: required('DATABASE_URL'), max: Number(process.env.BARE_POOL_SIZE ?? 10) });
const forms = new Map<string, FormDefinition>();

async function formOf(formId: string): Promise<FormDefinition> {
  const cached = forms.get(formId);
  if (cached) return cached;
  const { rows } = await pool.query<{ definition: FormDefinition }>('SELECT definition FROM forms WHERE id = $1', [formId]);
  const form = canonicalForm(rows[0].definition);
  forms.set(formId, form);
  return form;
}

/** As AuditService.record for a customer's read (the hash chain is the database trigger's). */
async function auditRead(id: string): Promise<void> {
  const row = {
    organization_id: principal.organizationId,
    actor_type: 'user',
    actor_id: principal.userId,
    actor_label: principal.email,
    action: 'disclosure.read',
    target_type: 'disclosure',
    target_id: id,
    outcome: 'success',
    source_ip: principal.origin.ip,
    user_agent: null,
    details: {},
  };
  await pool.query(INSERT_AUDIT_EVENTS, [JSON.stringify([row])]);
}

const app = Fastify({ logger: false });

app.get<{ Querystring: { latestOnly?: string; limit?: string; cursor?: string } }>('/v1/disclosures', async (request) => {
  const size = request.query.limit ? Number(request.query.limit) : 50;
  const latestOnly = request.query.latestOnly === 'false' ? false : undefined;
  const statement = disclosureListStatement(principal, { latestOnly }, decodeCursor(request.query.cursor), size);
  const { rows } = await pool.query<DisclosureRow>({ name: preparedName(statement.text), text: statement.text, values: statement.values });
  const forms = new Map<string, FormDefinition>();
  for (const formId of new Set(rows.map((row) => row.form_id))) forms.set(formId, await formOf(formId));
  return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => toDisclosureDto(row, forms.get(row.form_id) as FormDefinition));
});

app.get<{ Params: { id: string } }>('/v1/disclosures/:id', async (request, reply) => {
  const statement = disclosureStatement(principal, request.params.id);
  const { rows } = await pool.query<DisclosureWithAnswersRow>({ name: preparedName(statement.text), text: statement.text, values: statement.values });
  const row = rows[0];
  if (!row) return reply.code(404).send({ status: 404 });
  const form = await formOf(row.form_id);
  const dto = toDisclosureDto(row, form);
  dto.answers = toDisclosureAnswerDtos(row.answers, form);
  if (principal.organizationId !== row.author_id && principal.organizationId !== row.vendor_id) await auditRead(row.id);
  return dto;
});

app.get('/ready', async () => ({ ready: true }));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

app.listen({ port: Number(required('PORT')), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`bare server failed: ${String(error)}\n`);
  process.exit(1);
});
