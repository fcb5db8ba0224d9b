import { useState } from 'react';
import { contracts } from '../../api/endpoints';
import { remoteMaintenance } from '../../api/remote-maintenance';
import type { ContractDto, RemoteMaintenanceDisclosureDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge, RiskBadge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { formatDate, formatDateTime, todayInJapan } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { RemoteMaintenanceForm } from '../vendor/remote-maintenance-form';

const yesNo = (value: boolean | null | undefined) => (value === null || value === undefined ? '—' : value ? 'あり' : 'なし');

/**
 * Remote-maintenance disclosures of the contract (checklist 2-②), with risk flags and every earlier
 * revision. The pharmacy (or its chain) confirms them; the maintainer — the vendor or its agent
 * (代理店) — discloses and changes them here, per covered product.
 */
export function RemoteMaintenanceSection({ contract }: { contract: ContractDto }) {
  const me = useMe();
  const state = useAsync(() => remoteMaintenance.get(contract.id, true), [contract.id]);
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const canConfirm = contract.yourRole === 'customer';
  // As the API decides: the vendor or its agent, in a contract in force, with a role that may write.
  const maintainer = contract.yourRole !== 'customer';
  const canDisclose = maintainer && contract.status === 'active' && (!contract.endsOn || contract.endsOn >= todayInJapan()) && me.role !== 'viewer';
  return (
    <section className="card" aria-labelledby="rm-title">
      <h2 id="rm-title">
        リモートメンテナンス（2-②） <span className="en">Remote maintenance</span>
      </h2>
      {maintainer && (
        <p className="help">
          {contract.yourRole === 'agent' ? 'あなたは代理店としてこの契約の保守を担当しています。' : ''}
          リモートメンテナンスの利用有無と安全対策を、対象製品ごとに薬局へ開示してください。入力に応じてリスクが表示されます。
        </p>
      )}
      {saved && <Notice tone="success">{saved}</Notice>}
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !state.data && <Loading />}
      {state.data?.products.length === 0 && <Empty>この契約の対象製品はありません。</Empty>}
      {state.data?.products.map((entry) => (
        <div key={entry.product.id} className="rm-product">
          <h3>{entry.product.name}</h3>
          {!entry.current ? (
            <Empty>
              {maintainer
                ? 'この製品のリモートメンテナンスをまだ開示していません。'
                : `${contract.vendor.name ?? '事業者'}からリモートメンテナンスの利用有無がまだ開示されていません。`}
            </Empty>
          ) : (
            <RemoteMaintenanceDetails disclosure={entry.current} canConfirm={canConfirm} contractId={contract.id} onConfirmed={state.reload} />
          )}
          {editing === entry.product.id ? (
            <RemoteMaintenanceForm
              contractId={contract.id}
              product={entry.product}
              current={entry.current}
              onCancel={() => setEditing(undefined)}
              onSaved={(disclosure) => {
                setEditing(undefined);
                setSaved(`「${entry.product.name}」のリモートメンテナンスを第${disclosure.revision}版として開示しました。薬局の確認を待っています。`);
                state.reload();
              }}
            />
          ) : (
            canDisclose && (
              <div className="actions">
                <button
                  type="button"
                  className="button primary"
                  onClick={() => {
                    setSaved(undefined);
                    setEditing(entry.product.id);
                  }}
                >
                  {entry.current ? '開示内容を変更する' : 'リモートメンテナンスを開示する'}
                </button>
              </div>
            )
          )}
          <RevisionHistory revisions={(entry.revisions ?? []).filter((revision) => !revision.current)} />
        </div>
      ))}
    </section>
  );
}

/** Earlier revisions, newest first: what was disclosed before, and whether the pharmacy had confirmed it. */
function RevisionHistory({ revisions }: { revisions: RemoteMaintenanceDisclosureDto[] }) {
  if (revisions.length === 0) return null;
  return (
    <details className="rm-history">
      <summary>過去の版（{revisions.length}件） (History)</summary>
      <ul className="plain-list">
        {revisions.map((r) => (
          <li key={r.id}>
            第{r.revision}版 ・ {formatDateTime(r.createdAt)} ・ {r.author.name} ・ {r.inUse ? `利用あり（${r.connectionMethodLabel ?? '—'}）` : '利用なし'}{' '}
            <RiskBadge level={r.riskLevel} label={`リスク: ${r.riskLevelLabel}`} />{' '}
            {r.confirmation ? <Badge tone="ok">確認済み</Badge> : <Badge tone="neutral">未確認のまま更新</Badge>}
          </li>
        ))}
      </ul>
    </details>
  );
}

function RemoteMaintenanceDetails({
  disclosure,
  canConfirm,
  contractId,
  onConfirmed,
}: {
  disclosure: RemoteMaintenanceDisclosureDto;
  canConfirm: boolean;
  contractId: string;
  onConfirmed: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const d = disclosure;
  // Confirming is recorded for the 立入検査 and cannot be taken back: it asks once more first.
  const confirm = () => {
    setBusy(true);
    setError(undefined);
    contracts.confirmRemoteMaintenance(contractId, { productId: d.productId, revision: d.revision }).then(
      () => {
        setBusy(false);
        setConfirming(false);
        onConfirmed();
      },
      (reason: unknown) => {
        setBusy(false);
        setConfirming(false);
        setError(reason);
      },
    );
  };
  return (
    <div>
      <p>
        第{d.revision}版 ・ 開示: {d.author.name}（{d.authorRole === 'agent' ? '代理店' : '事業者'}） ・ {formatDateTime(d.createdAt)}{' '}
        <RiskBadge level={d.riskLevel} label={`リスク: ${d.riskLevelLabel}`} />
      </p>
      {d.risks.length > 0 && (
        <ul className="risk-list">
          {d.risks.map((risk) => (
            <li key={risk.code}>
              <RiskBadge level={risk.severity} label={risk.label} /> {risk.detail}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>リモート保守</dt>
        <dd>{d.inUse ? '利用あり' : '利用なし'}</dd>
        {d.inUse && (
          <>
            <dt>対象機器</dt>
            <dd>{d.devices ?? '—'}</dd>
            <dt>接続方式</dt>
            <dd>
              {d.connectionMethodLabel ?? '—'}
              {d.connectionNote ? `（${d.connectionNote}）` : ''}
            </dd>
            <dt>VPN・ゲートウェイ機器</dt>
            <dd>
              {[d.gateway?.maker, d.gateway?.model, d.gateway?.firmwareVersion].filter(Boolean).join(' ') || '—'}
              {d.gateway?.lastPatchedOn && `（最終更新 ${formatDate(d.gateway.lastPatchedOn)}、${d.gateway.daysSincePatch ?? '?'}日前）`}
            </dd>
            <dt>二要素認証</dt>
            <dd>{yesNo(d.twoFactor)}</dd>
            <dt>接続元制限</dt>
            <dd>{yesNo(d.sourceRestricted)}</dd>
            <dt>作業ログ</dt>
            <dd>{yesNo(d.sessionLogging)}</dd>
            <dt>接続形態</dt>
            <dd>{d.availabilityLabel ?? '—'}</dd>
            <dt>顧客ごとの認証情報</dt>
            <dd>{yesNo(d.uniqueCredentials)}</dd>
            <dt>RM-SDS</dt>
            <dd>{d.rmSds ? `第${d.rmSds.revision}版（${d.rmSds.productVersion}）` : '未提出'}</dd>
          </>
        )}
        {d.notes && (
          <>
            <dt>備考</dt>
            <dd>{d.notes}</dd>
          </>
        )}
      </dl>
      {d.confirmation ? (
        <p className="text-ok">
          <Badge tone="ok">確認済み</Badge> {d.confirmation.confirmedByName ?? d.confirmation.organization.name}（{formatDateTime(d.confirmation.confirmedAt)}）
        </p>
      ) : d.awaitingConfirmation && canConfirm ? (
        <div className="actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => setConfirming(true)}>
            内容を確認しました（第{d.revision}版）
          </button>
        </div>
      ) : (
        d.awaitingConfirmation && <Notice tone="warning">薬局の確認待ちです。</Notice>
      )}
      <ErrorMessage error={error} />
      {confirming && (
        <ConfirmDialog title={`第${d.revision}版の内容を確認済みにしますか？`} confirmLabel="確認済みにする" tone="primary" busy={busy} onConfirm={confirm} onCancel={() => setConfirming(false)}>
          <p>
            リスク: {d.riskLevelLabel}
            {d.risks.length > 0 ? `（${d.risks.map((risk) => risk.label).join('、')}）` : ''}。確認した記録は残り、取り消せません。不明な点があれば、確認する前に事業者へ問い合わせてください。
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
