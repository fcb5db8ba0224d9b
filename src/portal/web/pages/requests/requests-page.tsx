import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/layout';
import { RequestList } from '../../components/request-list';

/** Document requests: made by the pharmacy (or chain), or addressed to the vendor. */
export function RequestsPage() {
  const [params, setParams] = useSearchParams();
  const id = useId();
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  const overdue = params.get('overdue') === 'true';
  const set = (key: string, value: string) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  return (
    <>
      <PageHeader title="書類の依頼" en="Document requests" />
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>状態</label>
          <select id={`${id}-status`} value={status} onChange={(event) => set('status', event.target.value)}>
            <option value="">すべて</option>
            <option value="open">依頼中 (open)</option>
            <option value="fulfilled">対応済み (fulfilled)</option>
            <option value="declined">辞退 (declined)</option>
          </select>
        </span>
        <span className="field-inline">
          <label htmlFor={`${id}-kind`}>書類</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => set('kind', event.target.value)}>
            <option value="">すべて</option>
            <option value="checklist">事業者確認用チェックリスト</option>
            <option value="MDS">MDS</option>
            <option value="SDS">SDS</option>
            <option value="RM-SDS">RM-SDS</option>
          </select>
        </span>
        <label className="checkbox-inline">
          <input type="checkbox" checked={overdue} onChange={(event) => set('overdue', event.target.checked ? 'true' : '')} /> 期限超過のみ
        </label>
      </div>
      <RequestList query={{ status: status || undefined, kind: kind || undefined, overdue: overdue || undefined }} />
    </>
  );
}
