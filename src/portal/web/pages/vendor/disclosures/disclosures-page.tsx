import { useId, useState } from 'react';
import { Link } from 'react-router';
import { vendorDisclosures } from '../../../api/disclosure-editor';
import { useMe } from '../../../auth/auth-context';
import { Badge } from '../../../components/badges';
import { Empty } from '../../../components/feedback';
import { PageHeader } from '../../../components/layout';
import { Pager } from '../../../components/pager';
import { formatDateTime } from '../../../lib/format';
import { usePaged } from '../../../lib/use-async';

const STATUS_TONES = { draft: 'info', published: 'ok', superseded: 'neutral', withdrawn: 'warn' } as const;

/**
 * Your MDS/SDS/RM-SDS (as 代理店, the RM-SDS you wrote for another vendor's product) and the RM-SDS
 * agents published for your products: the latest revision of each product version and kind, your drafts included.
 */
export function DisclosuresPage() {
  const id = useId();
  const me = useMe();
  const canWrite = me.role !== 'viewer';
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const state = usePaged((cursor) => vendorDisclosures.list({ kind, status, cursor, limit: 25 }), [kind, status]);
  return (
    <>
      <PageHeader title="MDS/SDS" en="Your security disclosures" lead={<p className="muted">あなたが作成した開示書と、あなたの製品について代理店が公開したRM-SDSの最新の版です。下書きはあなたの組織だけが見られます。</p>}>
        {canWrite && (
          <Link className="button" to="/vendor/disclosures/new">
            開示書を作成
          </Link>
        )}
      </PageHeader>
      <section className="card">
        <div className="filters">
          <div className="field">
            <label htmlFor={`${id}-kind`}>種類</label>
            <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value)}>
              <option value="">すべて</option>
              <option value="MDS">MDS</option>
              <option value="SDS">SDS</option>
              <option value="RM-SDS">RM-SDS</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>状態</label>
            <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">すべて</option>
              <option value="draft">下書き</option>
              <option value="published">公開中</option>
              <option value="withdrawn">取り下げ</option>
            </select>
          </div>
        </div>
        {!state.loading && !state.error && state.items.length === 0 ? (
          <Empty>開示書はまだありません。{canWrite && '「開示書を作成」から製品のMDS/SDSを作成できます。'}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">あなたの開示書</caption>
              <thead>
                <tr>
                  <th scope="col">製品・バージョン</th>
                  <th scope="col">種類</th>
                  <th scope="col">版</th>
                  <th scope="col">状態</th>
                  <th scope="col">いいえ・対象外</th>
                  <th scope="col">更新日時</th>
                </tr>
              </thead>
              <tbody>
                {state.items.map((d) => (
                  <tr key={d.id} data-disclosure={d.id}>
                    <th scope="row">
                      <Link to={`/vendor/disclosures/${d.id}`}>
                        {d.product.name} {d.productVersion}
                      </Link>
                      {d.vendor.id !== me.organization.id && <div className="muted small">{d.vendor.name}の製品（代理店として作成）</div>}
                      {d.author.id !== me.organization.id && <div className="muted small">代理店 {d.author.name}が作成</div>}
                    </th>
                    <td>{d.kind}</td>
                    <td>第{d.revision}版</td>
                    <td>
                      <Badge tone={STATUS_TONES[d.status]}>{d.statusLabel}</Badge>
                      {d.formOutdated && <div className="small text-warn">新しい様式あり</div>}
                    </td>
                    <td className="num">{d.reviewCount}</td>
                    <td>{formatDateTime(d.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager state={state} />
      </section>
    </>
  );
}
