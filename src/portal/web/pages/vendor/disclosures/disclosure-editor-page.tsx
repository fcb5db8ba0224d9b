import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { requestFulfilment, securityForms, vendorDisclosures } from '../../../api/disclosure-editor';
import type { DisclosureDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { Badge } from '../../../components/badges';
import { ErrorMessage, Loading, Notice } from '../../../components/feedback';
import { PageHeader } from '../../../components/layout';
import { formatDateTime } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';
import { DraftEditor } from './draft-editor';
import { PublishedView } from './published-view';
import { RequestBanner } from './request-banner';
import './disclosure-editor.css';

/**
 * One of your disclosures: a draft opens in the editor, a published (or older) revision reads as
 * your customers see it, with withdraw and "create the next revision". Opened from a request
 * (?requestId=…), publishing takes you back to that request, fulfilled.
 */
export function DisclosureEditorPage() {
  const { disclosureId = '' } = useParams();
  const [search] = useSearchParams();
  const requestId = search.get('requestId') ?? undefined;
  const navigate = useNavigate();
  const me = useMe();
  const state = useAsync(async () => {
    const { data: disclosure, etag } = await vendorDisclosures.getTagged(disclosureId);
    return { disclosure, etag, form: await securityForms.get(disclosure.formId) };
  }, [disclosureId]);
  const d = state.data?.disclosure;
  const form = state.data?.form;

  /** Publishing fulfils the open requests it answers by itself; fulfil here only if the request is still open. */
  async function afterPublish(published: DisclosureDto) {
    if (!requestId) {
      state.reload();
      return;
    }
    const request = await requestFulfilment.get(requestId);
    if (request.status === 'open') {
      const candidates = await requestFulfilment.candidates(requestId);
      if (candidates.items.some((item) => item.id === published.id)) await requestFulfilment.fulfil(requestId, { disclosureId: published.id });
    }
    void navigate(`/requests/${requestId}`, { state: { published: published.id } });
  }

  return (
    <>
      <PageHeader title={d ? `${d.kind} ${d.product.name} ${d.productVersion}` : 'MDS/SDS'} en="Your security disclosure" lead={d && <p className="muted">{d.kindLabel}</p>}>
        <Link className="button secondary" to="/vendor/disclosures">
          開示書の一覧へ
        </Link>
      </PageHeader>
      {requestId && <RequestBanner requestId={requestId} />}
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !d && <Loading />}
      {d && form && (
        <>
          <section className="card">
            <dl className="facts">
              <dt>版・状態</dt>
              <dd>
                第{d.revision}版 <Badge tone={d.status === 'published' ? 'ok' : d.status === 'draft' ? 'info' : 'neutral'}>{d.statusLabel}</Badge>
              </dd>
              <dt>製品・バージョン</dt>
              <dd>
                {d.product.name} {d.productVersion}
              </dd>
              <dt>様式</dt>
              <dd>{d.formLabel}</dd>
              {d.author.id !== d.vendor.id && (
                <>
                  <dt>製品の事業者</dt>
                  <dd>{d.vendor.name}</dd>
                </>
              )}
              <dt>更新日時</dt>
              <dd>{formatDateTime(d.updatedAt)}</dd>
            </dl>
            {d.formOutdated && <Notice tone="warning">新しい版の様式があります。次の改訂では新しい様式で回答してください。</Notice>}
          </section>
          {/* A draft opens in the editor for its author's members; a viewer (or an agent's draft of your product) reads it. */}
          {d.status === 'draft' && me.role !== 'viewer' && me.organization.id === d.author.id ? (
            <DraftEditor
              key={d.id}
              disclosure={d}
              etag={state.data?.etag ?? null}
              form={form}
              onChanged={(disclosure, etag) => state.setData({ disclosure, form, etag: etag === undefined ? (state.data?.etag ?? null) : etag })}
              onPublished={afterPublish}
            />
          ) : (
            <PublishedView disclosure={d} onChanged={(disclosure) => state.setData({ disclosure, form, etag: null })} />
          )}
        </>
      )}
    </>
  );
}
