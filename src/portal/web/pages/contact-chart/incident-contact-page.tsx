import { useState } from 'react';
import { incidentContacts } from '../../api/incident-contacts';
import { useMe } from '../../auth/auth-context';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import './contact-chart.css';
import { IncidentContactForm } from './incident-contact-form';

/** A vendor (or agent) publishes its incident 連絡窓口 once; every customer's 連絡体制図 shows it. */
export function IncidentContactPage() {
  const me = useMe();
  const published = useAsync(() => incidentContacts.published(), []);
  const [saved, setSaved] = useState(false);
  const canWrite = me.role !== 'viewer';
  const contact = published.data?.contact;

  return (
    <>
      <PageHeader title="インシデント連絡窓口" en="Incident contact" />
      <p className="muted">
        薬局は立入検査で「連絡体制図」（チェックリスト 3-①）を求められます。ここで公開した窓口が、契約中のすべての薬局の連絡体制図に載ります。契約ごとに別の窓口にする場合は、各契約の画面で設定してください。
      </p>
      {published.error ? <ErrorMessage error={published.error} onRetry={published.reload} /> : null}
      {published.loading && !published.data && <Loading />}
      {published.data && (
        <section className="card" aria-labelledby="incident-contact-title">
          <h2 id="incident-contact-title">公開中の窓口</h2>
          {contact ? <p className="muted small">最終更新 {formatDateTime(contact.updatedAt)}</p> : <Notice tone="warning">まだ公開していません。薬局の連絡体制図には「未登録」と表示されています。</Notice>}
          {saved && <Notice tone="success">連絡窓口を公開しました。</Notice>}
          {canWrite ? (
            <IncidentContactForm
              initial={contact}
              label="インシデント連絡窓口"
              submitLabel="公開する"
              onSubmit={async (body) => {
                setSaved(false);
                published.setData(await incidentContacts.publish(body));
                setSaved(true);
              }}
            />
          ) : (
            <Notice>閲覧者は変更できません。</Notice>
          )}
        </section>
      )}
    </>
  );
}
