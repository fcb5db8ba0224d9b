import { useId } from 'react';
import { api } from '../../../api/client';
import type { ProductPageDto, TargetChainDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { currentFiscalYear, fiscalYearLabel } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';

/** Which customers: the 年度 and the criteria, all of which must hold. */
export interface Selection {
  fiscalYear: number;
  owing: boolean;
  productId: string;
  /** A chain (法人本部) whose stores get the set, chosen from a preview's chains. */
  chainId: string;
  contractKind: '' | 'maintenance' | 'operation';
}

export const INITIAL_SELECTION: Selection = { fiscalYear: currentFiscalYear(), owing: true, productId: '', chainId: '', contractKind: '' };

export function hasCriterion(selection: Selection): boolean {
  return selection.owing || selection.productId !== '' || selection.chainId !== '' || selection.contractKind !== '';
}

/** The selection as the API takes it. */
export function selectionBody(selection: Selection) {
  return {
    fiscalYear: selection.fiscalYear,
    ...(selection.owing ? { owing: true } : {}),
    ...(selection.productId ? { productId: selection.productId } : {}),
    ...(selection.chainId ? { chainId: selection.chainId } : {}),
    ...(selection.contractKind ? { contractKind: selection.contractKind } : {}),
  };
}

/**
 * Step 1: the 年度 and who gets the set (customers that still owe one, by product, by chain, by kind
 * of contract). The chains are those the last preview found among your targeted customers (you
 * cannot know other chains): before the first check there are none to choose from.
 */
export function ApplySelection({
  value,
  onChange,
  disabled,
  chains,
}: {
  value: Selection;
  onChange: (value: Selection) => void;
  disabled: boolean;
  chains: TargetChainDto[] | undefined;
}) {
  const id = useId();
  const me = useMe();
  const products = useAsync(() => api.get<ProductPageDto>('/products', { vendorId: me.organization.id, limit: 100 }), [me.organization.id]);
  const current = currentFiscalYear();
  return (
    <fieldset className="form-grid" disabled={disabled}>
      <legend>提出先の顧客を選ぶ（条件はすべて満たす顧客が対象です）</legend>
      <div className="field">
        <label htmlFor={`${id}-fy`}>年度</label>
        <select id={`${id}-fy`} value={value.fiscalYear} onChange={(event) => onChange({ ...value, fiscalYear: Number(event.target.value) })}>
          {[current, current - 1].map((year) => (
            <option key={year} value={year}>
              {fiscalYearLabel(year)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-product`}>製品・サービス</label>
        <select id={`${id}-product`} value={value.productId} onChange={(event) => onChange({ ...value, productId: event.target.value })}>
          <option value="">指定しない</option>
          {(products.data?.items ?? []).map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-chain`}>チェーン（法人本部）</label>
        <select id={`${id}-chain`} value={value.chainId} aria-describedby={`${id}-chain-hint`} onChange={(event) => onChange({ ...value, chainId: event.target.value })}>
          <option value="">指定しない</option>
          {value.chainId !== '' && !(chains ?? []).some((chain) => chain.id === value.chainId) && <option value={value.chainId}>選んだチェーン（いまの条件では対象の店舗なし）</option>}
          {(chains ?? []).map((chain) => (
            <option key={chain.id} value={chain.id}>
              {chain.name}（{chain.customers}店舗）
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>契約の種類</label>
        <select id={`${id}-kind`} value={value.contractKind} onChange={(event) => onChange({ ...value, contractKind: event.target.value as Selection['contractKind'] })}>
          <option value="">保守・運用のどちらも</option>
          <option value="maintenance">保守契約</option>
          <option value="operation">運用契約</option>
        </select>
      </div>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={value.owing} onChange={(event) => onChange({ ...value, owing: event.target.checked })} /> この年度のチェックリストをまだ提出していない顧客だけ
        </label>
      </div>
      <p id={`${id}-chain-hint`} className="wide small muted">
        {chains === undefined
          ? 'チェーン（法人本部）は、「対象の顧客を確認する」を押すと、対象の顧客が店舗であるチェーンから選べます。'
          : chains.length === 0
            ? '対象の顧客に、チェーン（法人本部）の店舗はありません。'
            : 'チェーンの店舗数は、直前の確認でチェーン以外の条件に合った、あなたの顧客の数です。'}
      </p>
    </fieldset>
  );
}
