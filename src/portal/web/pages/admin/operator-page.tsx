import { useId, useState, type FormEvent } from 'react';
import { organizations } from '../../api/endpoints';
import type { CreateOrganizationDto, OrganizationDto } from '../../api/schema';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDate } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

/** The operator registers organizations and their first admin; it never sees document contents. */
export function OperatorPage() {
  const id = useId();
  const [kind, setKind] = useState('');
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => organizations.list({ kind: kind || undefined, cursor, limit: 50 }), [kind, version]);
  const [notice, setNotice] = useState<string>();
  return (
    <>
      <PageHeader title="組織一覧" en="Organizations" />
      {notice && <Notice tone="success">{notice}</Notice>}
      <CreateOrganization
        onCreated={(organization) => {
          setNotice(`${organization.name} を登録しました。`);
          setVersion((v) => v + 1);
        }}
      />
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-kind`}>種別</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">すべて</option>
            <option value="vendor">事業者</option>
            <option value="pharmacy">薬局</option>
            <option value="chain">法人本部</option>
          </select>
        </span>
      </div>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>組織はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">種別</th>
                <th scope="col">法人番号・保険薬局コード</th>
                <th scope="col">二要素認証</th>
                <th scope="col">登録日</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((organization) => (
                <tr key={organization.id}>
                  <th scope="row">{organization.name}</th>
                  <td>{organization.kindLabel}</td>
                  <td>{organization.pharmacyCode ?? organization.corporateNumber ?? '—'}</td>
                  <td>{organization.requireTwoFactor ? '必須' : '任意'}</td>
                  <td>{formatDate(organization.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
    </>
  );
}

function CreateOrganization({ onCreated }: { onCreated: (organization: OrganizationDto) => void }) {
  const [form, setForm] = useState<CreateOrganizationDto>({ kind: 'pharmacy', name: '' });
  const [admin, setAdmin] = useState({ email: '', displayName: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: CreateOrganizationDto = { kind: form.kind, name: form.name.trim() };
      if (form.corporateNumber) body.corporateNumber = form.corporateNumber.trim();
      if (form.kind === 'pharmacy' && form.pharmacyCode) body.pharmacyCode = form.pharmacyCode.trim();
      const created = await organizations.create(body);
      if (admin.email) await organizations.createUser(created.id, { ...admin, role: 'admin' });
      onCreated(created);
      setForm({ kind: form.kind, name: '' });
      setAdmin({ email: '', displayName: '', password: '' });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="card">
      <summary>組織を登録する (Register an organization)</summary>
      <form className="form-grid" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="org-kind">種別</label>
          <select id="org-kind" value={form.kind} onChange={(event) => setForm({ ...form, kind: event.target.value as CreateOrganizationDto['kind'] })}>
            <option value="pharmacy">薬局</option>
            <option value="vendor">事業者</option>
            <option value="chain">法人本部</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-new-name">名称</label>
          <input id="org-new-name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-new-corporate">法人番号（任意）</label>
          <input id="org-new-corporate" inputMode="numeric" value={form.corporateNumber ?? ''} onChange={(event) => setForm({ ...form, corporateNumber: event.target.value })} />
        </div>
        {form.kind === 'pharmacy' && (
          <div className="field">
            <label htmlFor="org-new-code">保険薬局コード（10桁）</label>
            <input id="org-new-code" inputMode="numeric" required value={form.pharmacyCode ?? ''} onChange={(event) => setForm({ ...form, pharmacyCode: event.target.value })} />
          </div>
        )}
        <div className="field">
          <label htmlFor="org-admin-name">最初の管理者の名前</label>
          <input id="org-admin-name" value={admin.displayName} required={Boolean(admin.email)} onChange={(event) => setAdmin({ ...admin, displayName: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-admin-email">管理者のメールアドレス</label>
          <input id="org-admin-email" type="email" value={admin.email} onChange={(event) => setAdmin({ ...admin, email: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-admin-password">初期パスワード</label>
          <input id="org-admin-password" type="password" autoComplete="new-password" value={admin.password} required={Boolean(admin.email)} onChange={(event) => setAdmin({ ...admin, password: event.target.value })} />
        </div>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            登録する
          </button>
        </div>
      </form>
    </details>
  );
}
