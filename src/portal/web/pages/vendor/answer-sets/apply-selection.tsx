import { useId } from 'react';
import { api } from '../../../api/client';
import type { ProductPageDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { currentFiscalYear, fiscalYearLabel } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';

/** Which customers: the 年度 and the criteria, all of which must hold. */
export interface Selection {
  fiscalYear: number;
  owing: boolean;
  productId: string;
  contractKind: '' | 'maintenance' | 'operation';
}

export const INITIAL_SELECTION: Selection = { fiscalYear: currentFiscalYear(), owing: true, productId: '', contractKind: '' };

export function hasCriterion(selection: Selection): boolean {
  return selection.owing || selection.productId !== '' || selection.contractKind !== '';
}

/** The selection as the API takes it. */
export function selectionBody(selection: Selection) {
  return {
    fiscalYear: selection.fiscalYear,
    ...(selection.owing ? { owing: true } : {}),
    ...(selection.productId ? { productId: selection.productId } : {}),
    ...(selection.contractKind ? { contractKind: selection.contractKind } : {}),
  };
}

/** Step 1: the 年度 and who gets the set (customers that still owe one, by product, by kind of contract). */
export function ApplySelection({ value, onChange, disabled }: { value: Selection; onChange: (value: Selection) => void; disabled: boolean }) {
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
    </fieldset>
  );
}
