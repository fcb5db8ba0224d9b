import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { securityForms, vendorDisclosures } from '../../../api/disclosure-editor';
import { vendorProducts } from '../../../api/vendor-workspace';
import { useMe } from '../../../auth/auth-context';
import { ErrorMessage, Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/layout';
import { useAsync } from '../../../lib/use-async';
import { RequestBanner } from './request-banner';

type Kind = 'MDS' | 'SDS' | 'RM-SDS';
const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'MDS', label: 'MDS（製造業者による開示書：オンプレミスの製品）' },
  { kind: 'SDS', label: 'SDS（サービス事業者による開示書：クラウド・運用サービス）' },
  { kind: 'RM-SDS', label: 'RM-SDS（リモートメンテナンスのSDS）' },
];

/**
 * A new draft for a product version: blank from the form, or from the previous revision of the
 * same version and kind (its answers and audience). From a request (?requestId=…&productId=…&kind=…)
 * the choices are filled in for what the request asks.
 */
export function NewDisclosurePage() {
  const id = useId();
  const me = useMe();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const requestId = search.get('requestId') ?? undefined;
  const [productId, setProductId] = useState(search.get('productId') ?? '');
  const [version, setVersion] = useState(search.get('version') ?? '');
  const [kind, setKind] = useState<Kind>((search.get('kind') as Kind | null) ?? 'SDS');
  const [formId, setFormId] = useState('');
  const [start, setStart] = useState<'blank' | 'previous'>('blank');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  // Every product you may write a disclosure for: your own, and as 代理店 those you maintain (RM-SDS only).
  const productList = useAsync(() => vendorProducts.all(), []);
  const forms = useAsync(() => securityForms.list(), []);
  const product = productList.data?.find((candidate) => candidate.id === productId);
  const own = !product || product.vendorId === me.organization.id;
  const kinds = own ? KINDS : KINDS.filter((option) => option.kind === 'RM-SDS');
  // The latest revision of this product version and kind: a draft to continue, or one to start from.
  const existing = useAsync(
    async () => (productId ? (await vendorDisclosures.list({ productId, kind, limit: 100 })).items.find((d) => d.productVersion === version && d.author.id === me.organization.id) : undefined),
    [productId, kind, version],
  );
  const latest = existing.data;

  useEffect(() => {
    if (product && !version) setVersion(product.versions[product.versions.length - 1] ?? '');
    if (product && !own && kind !== 'RM-SDS') setKind('RM-SDS');
  }, [product, version, own, kind]);
  useEffect(() => {
    const newest = forms.data?.items.find((form) => form.latest) ?? forms.data?.items[0];
    if (!formId && newest) setFormId(newest.id);
  }, [forms.data, formId]);
  useEffect(() => setStart(latest && latest.status !== 'draft' ? 'previous' : 'blank'), [latest]);

  const editorPath = (disclosureId: string) => `/vendor/disclosures/${disclosureId}${requestId ? `?requestId=${encodeURIComponent(requestId)}` : ''}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const base = { productId, productVersion: version, kind };
      const draft = await vendorDisclosures.create(start === 'previous' ? { ...base, copyFrom: 'previous' } : { ...base, formId, audience: 'all_customers', answers: [] });
      void navigate(editorPath(draft.id));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title="開示書を作成" en="New MDS/SDS draft">
        <Link className="button secondary" to="/vendor/disclosures">
          開示書の一覧へ
        </Link>
      </PageHeader>
      {requestId && <RequestBanner requestId={requestId} />}
      {me.role === 'viewer' && <p className="empty">閲覧のみの権限では開示書を作成できません。組織の管理者に権限の変更を依頼してください。</p>}
      <ErrorMessage error={productList.error ?? forms.error} />
      {(productList.loading || forms.loading) && <Loading />}
      {productList.data && productList.data.length === 0 && <p className="empty">製品が登録されていません。先に製品を登録してください。</p>}
      {me.role !== 'viewer' && productList.data && productList.data.length > 0 && (
        <form className="card form-grid" aria-label="開示書の下書きを作成" onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor={`${id}-product`}>製品</label>
            <select
              id={`${id}-product`}
              required
              value={productId}
              onChange={(event) => {
                setProductId(event.target.value);
                setVersion('');
              }}
            >
              <option value="">選んでください</option>
              {productList.data.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                  {option.vendorId !== me.organization.id ? `（${option.vendorName}・保守を担当）` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-version`}>バージョン</label>
            <select id={`${id}-version`} required value={version} disabled={!product} onChange={(event) => setVersion(event.target.value)}>
              <option value="">選んでください</option>
              {product?.versions.map((option) => (
                <option key={option}>{option}</option>
              ))}
            </select>
          </div>
          <fieldset className="field wide de-audience">
            <legend>種類</legend>
            {kinds.map((option) => (
              <label key={option.kind} className="radio">
                <input type="radio" name={`${id}-kind`} value={option.kind} checked={kind === option.kind} onChange={() => setKind(option.kind)} />
                <span>{option.label}</span>
              </label>
            ))}
          </fieldset>
          {latest?.status === 'draft' ? (
            <div className="wide alert alert-warning" role="status">
              <p>この製品バージョンの{kind}には下書き（第{latest.revision}版）があります。続きから編集してください。</p>
              <p>
                <Link to={editorPath(latest.id)}>下書きを編集する</Link>
              </p>
            </div>
          ) : (
            <>
              <fieldset className="field wide de-audience">
                <legend>回答の始め方</legend>
                <label className="radio">
                  <input type="radio" name={`${id}-start`} checked={start === 'blank'} onChange={() => setStart('blank')} />
                  <span>様式から（すべて未回答で始める）</span>
                </label>
                <label className="radio">
                  <input type="radio" name={`${id}-start`} checked={start === 'previous'} disabled={!latest} onChange={() => setStart('previous')} />
                  <span>
                    前の版から（{latest ? `第${latest.revision}版・${latest.statusLabel}の回答と公開先を引き継ぐ` : 'この製品バージョンにはまだ版がありません'}）
                  </span>
                </label>
              </fieldset>
              {start === 'blank' && (
                <div className="field wide">
                  <label htmlFor={`${id}-form`}>様式</label>
                  <select id={`${id}-form`} required value={formId} onChange={(event) => setFormId(event.target.value)}>
                    {forms.data?.items.map((form) => (
                      <option key={form.id} value={form.id}>
                        {form.title} {form.versionLabel}
                        {form.latest ? '（最新）' : ''}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div className="actions wide">
                <button type="submit" className="button" disabled={busy || !productId || !version}>
                  {busy ? '作成中…' : '下書きを作成して編集する'}
                </button>
              </div>
            </>
          )}
          <div className="wide">
            <ErrorMessage error={error} />
          </div>
        </form>
      )}
    </>
  );
}
