import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CreateProductDto, ProductDto } from '../../../api/schema';
import { ErrorMessage } from '../../../components/feedback';

type Category = CreateProductDto['category'];
type Deployment = CreateProductDto['deployment'];

export const CATEGORIES: { value: Category; label: string }[] = [
  { value: 'レセコン', label: 'レセコン' },
  { value: '電子薬歴', label: '電子薬歴' },
  { value: '調剤機器', label: '調剤機器' },
  { value: '過誤防止', label: '過誤防止' },
  { value: '電子お薬手帳', label: '電子お薬手帳' },
  { value: 'オンライン資格確認', label: 'オンライン資格確認' },
  { value: '会計', label: '会計' },
  { value: 'NSIPS連携', label: 'NSIPS連携' },
  { value: 'other', label: 'その他' },
];
export const DEPLOYMENTS: { value: Deployment; label: string }[] = [
  { value: 'on-premises', label: 'オンプレミス' },
  { value: 'cloud', label: 'クラウド' },
  { value: 'hybrid', label: 'ハイブリッド' },
];

export interface ProductFields {
  name: string;
  category: Category;
  deployment: Deployment;
  versions: string[];
  description: string;
}

export const EMPTY_PRODUCT: ProductFields = { name: '', category: 'レセコン', deployment: 'cloud', versions: [''], description: '' };

export function fieldsOf(product: ProductDto): ProductFields {
  return { name: product.name, category: product.category, deployment: product.deployment, versions: product.versions.length > 0 ? [...product.versions] : [''], description: product.description ?? '' };
}

/** What the API takes: versions trimmed, blanks left out (the API replaces the list with it). */
export function bodyOf(fields: ProductFields): CreateProductDto {
  return {
    name: fields.name.trim(),
    category: fields.category,
    deployment: fields.deployment,
    versions: fields.versions.map((version) => version.trim()).filter(Boolean),
    description: fields.description.trim(),
  };
}

/**
 * A product's fields and its versions, for registering and for editing. Versions are a list: add
 * one, rename one in place, or retire one (it is no longer offered for new MDS/SDS; documents
 * published for it keep their version as written).
 */
export function ProductForm({
  initial,
  title,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: ProductFields;
  title: string;
  submitLabel: string;
  onSubmit: (fields: ProductFields) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const name = useRef<HTMLInputElement>(null);
  const [fields, setFields] = useState<ProductFields>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = (patch: Partial<ProductFields>) => setFields((all) => ({ ...all, ...patch }));
  const setVersion = (index: number, value: string) => set({ versions: fields.versions.map((v, i) => (i === index ? value : v)) });

  // Opened from a button elsewhere on the page: bring the form into view with the keyboard in it.
  useEffect(() => {
    name.current?.scrollIntoView({ block: 'center' });
    name.current?.focus({ preventScroll: true });
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(fields);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>製品・サービス名</label>
          <input ref={name} id={`${id}-name`} required maxLength={200} value={fields.name} onChange={(event) => set({ name: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-category`}>カテゴリ</label>
          <select id={`${id}-category`} value={fields.category} onChange={(event) => set({ category: event.target.value as Category })}>
            {CATEGORIES.map((category) => (
              <option key={category.value} value={category.value}>
                {category.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-deployment`}>提供形態</label>
          <select id={`${id}-deployment`} value={fields.deployment} onChange={(event) => set({ deployment: event.target.value as Deployment })}>
            {DEPLOYMENTS.map((deployment) => (
              <option key={deployment.value} value={deployment.value}>
                {deployment.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>バージョン (Versions)</legend>
        <p className="help">MDS/SDSはバージョンごとに公開します。使わなくなったバージョンは「削除」で一覧から外せます（公開済みの書類はそのまま残ります）。</p>
        <ul className="plain-list">
          {fields.versions.map((version, index) => (
            <li key={index} className="inline-form">
              <input aria-label={`バージョン ${index + 1}`} maxLength={100} value={version} placeholder="例: 6.0" onChange={(event) => setVersion(index, event.target.value)} />
              <button type="button" className="button small secondary" aria-label={`バージョン ${version || index + 1} を削除`} onClick={() => set({ versions: fields.versions.filter((_, i) => i !== index) })}>
                削除
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="button small" onClick={() => set({ versions: [...fields.versions, ''] })}>
          バージョンを追加
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-description`}>説明（任意）</label>
        <textarea id={`${id}-description`} rows={2} maxLength={2000} value={fields.description} onChange={(event) => set({ description: event.target.value })} />
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? '保存中…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            キャンセル
          </button>
        )}
      </div>
    </form>
  );
}
