import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { chains, type CreateFollowup } from '../../api/chain';
import { contracts, disclosures, products } from '../../api/endpoints';
import { useMe } from '../../auth/auth-context';
import { AnswerBadge } from '../../components/badges';
import { FeatureError } from '../../components/feature-missing';
import { ErrorMessage, Loading } from '../../components/feedback';
import { FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { PageHeader } from '../../components/layout';
import { fiscalYearLabel, isRiskAnswer, todayInJapan } from '../../lib/format';
import { isNotFound, useAsync } from '../../lib/use-async';

type RequestKind = 'checklist' | 'MDS' | 'SDS' | 'RM-SDS';

/** A submitted checklist of the vendor's for the 年度 that the chain can see: it names the 年度 of a checklist thread. */
async function someChecklistOf(vendorId: string, fiscalYear: number): Promise<{ id: string; answers: { itemId: string; text: string; answer: string }[] } | null> {
  let cursor: string | undefined;
  do {
    const page = await contracts.list({ vendorId, status: 'active', limit: 100, cursor });
    for (const contract of page.items.filter((c) => c.owesChecklist)) {
      try {
        return await contracts.checklist(contract.id, fiscalYear);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return null;
}

/** HQ asks a vendor once for all (or selected) stores: a document request or a risk thread. */
export function NewFollowupPage() {
  const me = useMe();
  const chainId = me.organization.id;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { fiscalYear } = useFiscalYear();
  const vendors = useAsync(() => (fiscalYear ? chains.vendorSummary(chainId, { fiscalYear }) : Promise.resolve(undefined)), [chainId, fiscalYear]);
  const [vendorId, setVendorId] = useState(params.get('vendorId') ?? '');
  const [kind, setKind] = useState<CreateFollowup['kind']>('document_request');
  const [requestKind, setRequestKind] = useState<RequestKind>('checklist');
  const [productId, setProductId] = useState('');
  const [documentKey, setDocumentKey] = useState('');
  const [itemId, setItemId] = useState('');
  const [message, setMessage] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [storeIds, setStoreIds] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const vendorProducts = useAsync(() => (vendorId ? products.list({ vendorId, limit: 100 }).then((p) => p.items) : Promise.resolve([])), [vendorId]);
  const documents = useAsync(async () => {
    if (!vendorId || kind !== 'risk_thread' || !fiscalYear) return [];
    const [published, checklist] = await Promise.all([disclosures.list({ vendorId, status: 'published', limit: 50 }).then((p) => p.items), someChecklistOf(vendorId, fiscalYear)]);
    const full = await Promise.all(published.map((d) => disclosures.get(d.id)));
    return [
      ...(checklist ? [{ key: `checklist:${checklist.id}`, label: `${fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト（各店舗の最新版）`, answers: checklist.answers }] : []),
      ...full.map((d) => ({ key: `disclosure:${d.id}`, label: `${d.kind} ${d.product.name} ${d.productVersion} 第${d.revision}版`, answers: d.answers ?? [] })),
    ];
  }, [vendorId, kind, fiscalYear]);
  const stores = useAsync(
    () => (vendorId && fiscalYear && storeIds !== null ? chains.matrix(chainId, { fiscalYear, vendorId, limit: 100 }).then((m) => m.items.map((row) => row.store)) : Promise.resolve([])),
    [chainId, vendorId, fiscalYear, storeIds !== null],
  );
  const chosenDocument = documents.data?.find((d) => d.key === documentKey);
  // A checklist names the 年度 only (each store's own latest is used): any item may be いいえ somewhere.
  const riskItems = chosenDocument ? (chosenDocument.key.startsWith('checklist') ? chosenDocument.answers : chosenDocument.answers.filter((a) => isRiskAnswer(a.answer))) : [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: CreateFollowup = { kind, vendorId, storeIds: storeIds ?? undefined };
    if (kind === 'document_request') {
      body.request = {
        kind: requestKind,
        fiscalYear: requestKind === 'checklist' ? fiscalYear : undefined,
        productId: requestKind === 'checklist' ? undefined : productId || undefined,
        message: message.trim() || undefined,
        dueOn: dueOn || undefined,
      };
    } else {
      const [documentType, documentId] = documentKey.split(':') as ['checklist' | 'disclosure', string];
      body.thread = { documentType, documentId, itemId, message: message.trim(), dueOn: dueOn || undefined };
    }
    try {
      const created = await chains.createFollowup(chainId, body);
      void navigate(`/chain/follow-ups/${created.id}`);
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title="新しい一括フォローアップ" en="New chain-wide follow-up" lead={<FiscalYearShown fiscalYear={fiscalYear} />} />
      <FeatureError error={vendors.error} onRetry={vendors.reload} feature="一括フォローアップ" />
      {vendors.loading && !vendors.data && <Loading />}
      {vendors.data && (
        <form className="card" onSubmit={(event) => void submit(event)}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="fu-vendor">事業者</label>
              <select id="fu-vendor" value={vendorId} required onChange={(event) => setVendorId(event.target.value)}>
                <option value="">選択してください</option>
                {vendors.data.items.map((row) => (
                  <option key={row.vendor.id} value={row.vendor.id}>
                    {row.vendor.name}（{row.stores}店舗）
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="fu-kind">種類</label>
              <select id="fu-kind" value={kind} onChange={(event) => setKind(event.target.value as CreateFollowup['kind'])}>
                <option value="document_request">書類の提出依頼</option>
                <option value="risk_thread">リスクコミュニケーション（質問）</option>
              </select>
            </div>
            {kind === 'document_request' ? (
              <>
                <div className="field">
                  <label htmlFor="fu-request-kind">書類</label>
                  <select id="fu-request-kind" value={requestKind} onChange={(event) => setRequestKind(event.target.value as RequestKind)}>
                    <option value="checklist">事業者確認用チェックリスト（{fiscalYear ? fiscalYearLabel(fiscalYear) : ''}）</option>
                    <option value="MDS">MDS</option>
                    <option value="SDS">SDS</option>
                    <option value="RM-SDS">RM-SDS</option>
                  </select>
                </div>
                {requestKind !== 'checklist' && (
                  <div className="field">
                    <label htmlFor="fu-product">製品</label>
                    <select id="fu-product" value={productId} onChange={(event) => setProductId(event.target.value)}>
                      <option value="">（各店舗の契約の対象製品）</option>
                      {vendorProducts.data?.map((product) => (
                        <option key={product.id} value={product.id}>
                          {product.name}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
              </>
            ) : (
              <>
                <div className="field wide">
                  <label htmlFor="fu-document">書類</label>
                  <select id="fu-document" value={documentKey} required onChange={(event) => setDocumentKey(event.target.value)}>
                    <option value="">{documents.loading ? '読み込み中…' : '選択してください'}</option>
                    {documents.data?.map((document) => (
                      <option key={document.key} value={document.key}>
                        {document.label}
                      </option>
                    ))}
                  </select>
                </div>
                {chosenDocument && (
                  <div className="field wide">
                    <label htmlFor="fu-item">項目</label>
                    <select id="fu-item" value={itemId} required onChange={(event) => setItemId(event.target.value)}>
                      <option value="">選択してください</option>
                      {riskItems.map((answer) => (
                        <option key={answer.itemId} value={answer.itemId}>
                          {answer.itemId} 「{answer.answer}」 {answer.text.slice(0, 50)}
                        </option>
                      ))}
                    </select>
                    {itemId && (
                      <p className="small">
                        この書類での回答: <AnswerBadge answer={chosenDocument.answers.find((a) => a.itemId === itemId)?.answer} />
                      </p>
                    )}
                  </div>
                )}
              </>
            )}
            <div className="field wide">
              <label htmlFor="fu-message">{kind === 'risk_thread' ? '事業者への質問（必須）' : 'メッセージ（任意）'}</label>
              <textarea id="fu-message" rows={3} value={message} required={kind === 'risk_thread'} onChange={(event) => setMessage(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="fu-due">期限（任意）</label>
              <input id="fu-due" type="date" min={todayInJapan()} value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
            </div>
            <fieldset className="wide">
              <legend>対象の店舗</legend>
              <label className="radio">
                <input type="radio" name="fu-stores" checked={storeIds === null} onChange={() => setStoreIds(null)} /> この事業者と契約のある全店舗
              </label>
              <label className="radio">
                <input type="radio" name="fu-stores" checked={storeIds !== null} onChange={() => setStoreIds([])} /> 店舗を選ぶ
              </label>
              {storeIds !== null && (
                <div className="checkbox-list">
                  {stores.loading && <Loading />}
                  {stores.data?.map((store) => (
                    <label key={store.id}>
                      <input
                        type="checkbox"
                        checked={storeIds.includes(store.id)}
                        onChange={(event) => setStoreIds(event.target.checked ? [...storeIds, store.id] : storeIds.filter((id) => id !== store.id))}
                      />
                      {store.name}
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="submit" className="button primary" disabled={busy || !vendorId || (storeIds !== null && storeIds.length === 0)}>
                送信する
              </button>
            </div>
          </div>
        </form>
      )}
    </>
  );
}
