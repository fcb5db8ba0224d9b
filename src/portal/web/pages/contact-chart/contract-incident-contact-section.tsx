import { useState } from 'react';
import { incidentContacts } from '../../api/incident-contacts';
import { useMe } from '../../auth/auth-context';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { useAsync } from '../../lib/use-async';
import './contact-chart.css';
import { IncidentContactForm } from './incident-contact-form';

/** On a contract's page, for its vendor or agent: the 連絡窓口 this customer sees, overridable for this contract only. */
export function ContractIncidentContactSection({ contractId }: { contractId: string }) {
  const me = useMe();
  const state = useAsync(() => incidentContacts.forContract(contractId), [contractId]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const data = state.data;
  const canWrite = me.role !== 'viewer';

  return (
    <section className="card" aria-labelledby="contract-incident-contact">
      <h2 id="contract-incident-contact">
        この薬局向けのインシデント連絡窓口 <span className="en">Incident contact</span>
      </h2>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !data && <Loading />}
      {data && (
        <>
          <p>
            {data.override ? (
              <>この契約だけの窓口を表示しています：<strong>{data.override.contactName}</strong>（{data.override.phone}）</>
            ) : data.published ? (
              <>公開中の窓口を表示しています：<strong>{data.published.contactName}</strong>（{data.published.phone}）</>
            ) : (
              <strong className="text-bad">未登録です。薬局の連絡体制図に「未登録」と表示されます。</strong>
            )}
          </p>
          <ErrorMessage error={error} />
          {canWrite && !editing && (
            <div className="actions">
              <button type="button" className="button secondary" onClick={() => setEditing(true)}>
                {data.override ? 'この契約の窓口を変更する' : 'この契約だけ別の窓口にする'}
              </button>
              {data.override && (
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    if (!window.confirm('この契約だけの窓口を削除し、公開中の窓口に戻しますか？')) return;
                    setError(undefined);
                    incidentContacts.removeOverride(contractId).then(state.setData, setError);
                  }}
                >
                  公開中の窓口に戻す
                </button>
              )}
            </div>
          )}
          {editing && (
            <>
              <Notice>この契約の薬局にだけ表示される窓口です。</Notice>
              <IncidentContactForm
                initial={data.override ?? data.published}
                label="この契約の連絡窓口"
                submitLabel="この契約の窓口として保存"
                onSubmit={async (body) => {
                  state.setData(await incidentContacts.override(contractId, body));
                  setEditing(false);
                }}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
