import { useParams } from 'react-router';
import { disclosures } from '../../api/endpoints';
import { useMe } from '../../auth/auth-context';
import { AnswersTable } from '../../components/answers-table';
import { Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { RevisionChanges } from '../../components/revision-changes';
import { formatDate, formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

/** An MDS/SDS/RM-SDS with its answers; いいえ/対象外 rows stand out and open threads. */
export function DisclosurePage() {
  const me = useMe();
  const { disclosureId = '' } = useParams();
  const state = useAsync(() => disclosures.get(disclosureId), [disclosureId]);
  const d = state.data;
  return (
    <>
      <PageHeader title={d ? `${d.kind} ${d.product.name} ${d.productVersion}` : '開示書'} en="Security disclosure">
        {d && <DownloadButton label="PDFをダウンロード" download={() => disclosures.pdf(d.id)} />}
        {d?.attachment && <DownloadButton label="原本PDF (original)" download={() => disclosures.attachment(d.id)} />}
      </PageHeader>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !d && <Loading />}
      {d && (
        <>
          <section className="card">
            <dl className="facts">
              <dt>種類</dt>
              <dd>{d.kindLabel}</dd>
              <dt>事業者</dt>
              <dd>
                {d.vendor.name}
                {d.author.id !== d.vendor.id && `（作成: ${d.author.name}）`}
              </dd>
              <dt>版・状態</dt>
              <dd>
                第{d.revision}版 <Badge tone={d.status === 'published' ? 'ok' : 'neutral'}>{d.statusLabel}</Badge>
              </dd>
              <dt>様式</dt>
              <dd>{d.formLabel}</dd>
              <dt>公開日時</dt>
              <dd>{formatDateTime(d.publishedAt)}</dd>
              {d.attachment && (
                <>
                  <dt>原本</dt>
                  <dd>
                    {d.attachment.filename}（{Math.round(d.attachment.sizeBytes / 1024)} KB、{formatDate(d.attachment.uploadedAt)}）
                  </dd>
                </>
              )}
            </dl>
            {d.formOutdated && <Notice tone="warning">新しい様式が出ています。事業者に最新様式での回答を依頼してください。</Notice>}
            {d.status === 'withdrawn' && <Notice tone="warning">この開示書は取り下げられました: {d.withdrawnReason}</Notice>}
          </section>
          <RevisionChanges source={{ kind: 'disclosure', disclosureId: d.id }} vendorView={me.organization.kind === 'vendor'} level={2} className="card" />
          <section className="card" aria-labelledby="answers-title">
            <h2 id="answers-title">
              回答 <span className="en">Answers</span> {d.reviewCount > 0 && <Badge tone="warn">いいえ・対象外 {d.reviewCount}件</Badge>}
            </h2>
            <AnswersTable
              documentType="disclosure"
              documentId={d.id}
              rows={d.answers ?? []}
              canOpenThreads={me.organization.kind === 'pharmacy' && d.status === 'published'}
              caption={`${d.kind} の回答`}
            />
          </section>
        </>
      )}
    </>
  );
}
