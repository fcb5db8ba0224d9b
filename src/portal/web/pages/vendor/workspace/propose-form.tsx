import { useId, useState, type FormEvent } from 'react';
import type { ContractDto, PharmacyLookupDto, ProposeContractDto, VendorLookupDto } from '../../../api/schema';
import { proposals, vendorProducts } from '../../../api/vendor-workspace';
import { useMe } from '../../../auth/auth-context';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Empty, ErrorMessage, Loading, Notice } from '../../../components/feedback';
import { formatDate, todayInJapan } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';
import { InvitePharmacyForm } from './invite-pharmacy-form';
import { PartyLookup } from './party-lookup';

type Kind = ProposeContractDto['kind'];
const KINDS: { value: Kind; label: string; help: string }[] = [
  { value: 'maintenance', label: '保守契約', help: '毎年度、事業者確認用チェックリストの提出が必要です。' },
  { value: 'operation', label: '運用契約', help: '毎年度、事業者確認用チェックリストの提出が必要です。' },
  { value: 'sale_only', label: '売買契約のみ', help: 'チェックリストの提出は不要です。' },
];

/**
 * Proposing a contract to a pharmacy: its 保険薬局コード, with its name shown back; your products it
 * covers, the kind and the start; optionally an agent (代理店) by 法人番号, also named back. A
 * confirmation shows everything before it is sent; the pharmacy then accepts or declines.
 */
export function ProposeForm({ onSent, onCancel }: { onSent: (contract: ContractDto, pharmacyName: string) => void; onCancel: () => void }) {
  const id = useId();
  const me = useMe();
  const products = useAsync(() => vendorProducts.all({ vendorId: me.organization.id }), [me.organization.id]);
  const [pharmacyCode, setPharmacyCode] = useState('');
  const [pharmacy, setPharmacy] = useState<PharmacyLookupDto>();
  const [productIds, setProductIds] = useState<string[]>([]);
  const [kind, setKind] = useState<Kind>('maintenance');
  const [startsOn, setStartsOn] = useState(todayInJapan());
  const [agentNumber, setAgentNumber] = useState('');
  const [agent, setAgent] = useState<VendorLookupDto>();
  const [confirming, setConfirming] = useState(false);
  // A code not on Kaiji: the pharmacy may be invited with the proposal (sent after the operator's check).
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const chosen = (products.data ?? []).filter((product) => productIds.includes(product.id));
  // An agent number typed but not confirmed (or naming yourself) holds the proposal back.
  const agentPending = agentNumber !== '' && (!agent || agent.id === me.organization.id);
  const ready = pharmacy !== undefined && productIds.length > 0 && startsOn !== '' && !agentPending;

  function review(event: FormEvent) {
    event.preventDefault();
    if (ready) setConfirming(true);
  }

  async function send() {
    if (!pharmacy) return;
    setBusy(true);
    setError(undefined);
    try {
      const sent = await proposals.propose({ pharmacyCode: pharmacy.pharmacyCode, kind, productIds, startsOn, ...(agent ? { agentId: agent.id } : {}) });
      onSent(sent, pharmacy.name);
    } catch (reason) {
      setError(reason);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="card" onSubmit={review} aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>
          契約を提案する <span className="en">Propose a contract</span>
        </h2>
        <PartyLookup
          label="顧客の保険薬局コード（10桁）"
          help="送信する前に、薬局の名称を表示して確認できます。"
          digits={10}
          value={pharmacyCode}
          found={pharmacy}
          foundLabel={(found) => `薬局: ${found.name}`}
          notFoundText="この保険薬局コードの薬局はKaijiに登録されていません。コードをご確認ください。"
          onChange={(code) => {
            setPharmacyCode(code);
            setInviting(false);
          }}
          onFound={setPharmacy}
          lookup={proposals.pharmacyByCode}
        />
        {!pharmacy && /^\d{10}$/.test(pharmacyCode) && !inviting && (
          <p>
            <button type="button" className="button small secondary" onClick={() => setInviting(true)}>
              Kaijiに未登録の薬局を招待して提案する
            </button>
          </p>
        )}
        <fieldset>
          <legend>対象の製品・サービス</legend>
          {products.error ? <ErrorMessage error={products.error} onRetry={products.reload} /> : null}
          {products.loading && !products.data && <Loading />}
          {products.data?.length === 0 && <Empty>先に「あなたの製品・サービス」で製品を登録してください。</Empty>}
          <div className="checkbox-list">
            {products.data?.map((product) => (
              <label key={product.id}>
                <input
                  type="checkbox"
                  checked={productIds.includes(product.id)}
                  onChange={(event) => setProductIds(event.target.checked ? [...productIds, product.id] : productIds.filter((p) => p !== product.id))}
                />
                {product.name} <span className="muted small">{product.categoryLabel}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-kind`}>契約の種類</label>
            <select id={`${id}-kind`} value={kind} aria-describedby={`${id}-kind-help`} onChange={(event) => setKind(event.target.value as Kind)}>
              {KINDS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <p id={`${id}-kind-help`} className="help">
              {KINDS.find((option) => option.value === kind)?.help}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-starts`}>契約開始日</label>
            <input id={`${id}-starts`} type="date" required value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
          </div>
        </div>
        <PartyLookup
          label="代理店の法人番号（任意・13桁）"
          help="保守やリモートメンテナンスを代理店が行う場合に指定します。名称を確認してから送信できます。"
          digits={13}
          value={agentNumber}
          found={agent}
          foundLabel={(found) => `代理店: ${found.name}${found.id === me.organization.id ? '（あなたの組織です。代理店には指定できません）' : ''}`}
          notFoundText="この法人番号の事業者はKaijiに登録されていません。番号をご確認ください。"
          onChange={setAgentNumber}
          onFound={setAgent}
          lookup={proposals.vendorByCorporateNumber}
        />
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={!ready}>
            内容を確認する
          </button>
          <button type="button" className="button secondary" onClick={onCancel}>
            キャンセル
          </button>
        </div>
        {!ready && <p className="help">薬局の名称を確認し、製品を1つ以上選んでください{agentPending ? '（代理店を指定する場合は名称を確認してください）' : ''}。</p>}
      </form>
      {invited && <Notice tone="success">{invited}</Notice>}
      {inviting && !pharmacy && (
        <InvitePharmacyForm
          pharmacyCode={pharmacyCode}
          contract={{ kind, productIds, startsOn, ...(agent ? { agentId: agent.id } : {}) }}
          ready={productIds.length > 0 && startsOn !== '' && !agentPending}
          onSent={(pending) => {
            setInviting(false);
            setPharmacyCode('');
            setInvited(`「${pending.pharmacyName}」を招待し、提案を作成しました。運営者がメールアドレスを確認した後に招待メールが送られます。`);
          }}
        />
      )}
      {confirming && pharmacy && (
        <ConfirmDialog title="この内容で提案を送りますか？" confirmLabel="提案を送る" tone="primary" busy={busy} onConfirm={() => void send()} onCancel={() => setConfirming(false)}>
          <dl className="facts">
            <dt>顧客</dt>
            <dd>
              {pharmacy.name}（{pharmacy.pharmacyCode}）
            </dd>
            <dt>契約</dt>
            <dd>{KINDS.find((option) => option.value === kind)?.label}</dd>
            <dt>製品・サービス</dt>
            <dd>{chosen.map((product) => product.name).join('、')}</dd>
            <dt>開始日</dt>
            <dd>{formatDate(startsOn)}</dd>
            <dt>代理店</dt>
            <dd>{agent?.name ?? 'なし'}</dd>
          </dl>
          <p>薬局が承認すると契約が有効になります。承認されるまでは、あなたから取り下げることができます。</p>
        </ConfirmDialog>
      )}
    </>
  );
}
