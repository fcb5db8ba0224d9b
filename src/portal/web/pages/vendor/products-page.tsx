import { useState } from 'react';
import type { ProductDto } from '../../api/schema';
import { vendorProducts } from '../../api/vendor-workspace';
import { useMe } from '../../auth/auth-context';
import { Empty, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDate } from '../../lib/format';
import { usePaged } from '../../lib/use-async';
import { bodyOf, EMPTY_PRODUCT, fieldsOf, ProductForm } from './workspace/product-form';

/** Your products and services: register one, change it, add, rename or retire its versions. */
export function ProductsPage() {
  const me = useMe();
  const [version, setVersion] = useState(0);
  // Only your own: an agent (代理店) also sees the products it maintains, which are not its to change.
  const list = usePaged((cursor) => vendorProducts.list({ vendorId: me.organization.id, cursor, limit: 25 }), [me.organization.id, version]);
  const [registering, setRegistering] = useState(false);
  const [editing, setEditing] = useState<string>();
  const [changed, setChanged] = useState<Record<string, ProductDto>>({});
  const [done, setDone] = useState<string>();
  const canWrite = me.role !== 'viewer';

  return (
    <>
      <PageHeader title="あなたの製品・サービス" en="Your products">
        {canWrite && !registering && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setRegistering(true);
              setDone(undefined);
            }}
          >
            製品を登録する
          </button>
        )}
      </PageHeader>
      <p className="muted">顧客との契約、MDS/SDSの公開は、ここに登録した製品・サービスとそのバージョンを対象にします。</p>
      {done && <Notice tone="success">{done}</Notice>}
      {registering && (
        <ProductForm
          title="製品を登録する"
          submitLabel="登録する"
          initial={EMPTY_PRODUCT}
          onCancel={() => setRegistering(false)}
          onSubmit={async (fields) => {
            const created = await vendorProducts.create(bodyOf(fields));
            setRegistering(false);
            setDone(`「${created.name}」を登録しました。`);
            setVersion((v) => v + 1);
          }}
        />
      )}
      {editing && (changed[editing] ?? list.items.find((p) => p.id === editing)) && (
        <ProductForm
          key={editing}
          title="製品を編集する"
          submitLabel="変更を保存"
          initial={fieldsOf(changed[editing] ?? (list.items.find((p) => p.id === editing) as ProductDto))}
          onCancel={() => setEditing(undefined)}
          onSubmit={async (fields) => {
            const saved = await vendorProducts.update(editing, bodyOf(fields));
            setChanged((all) => ({ ...all, [saved.id]: saved }));
            setEditing(undefined);
            setDone(`「${saved.name}」を保存しました。`);
          }}
        />
      )}
      <section className="card" aria-labelledby="products-title">
        <h2 id="products-title">
          登録済みの製品 <span className="en">Registered products</span>
        </h2>
        {!list.loading && !list.error && list.items.length === 0 ? (
          <Empty>まだ製品が登録されていません。「製品を登録する」から始めてください。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table stack-on-phone">
              <thead>
                <tr>
                  <th scope="col">製品・サービス</th>
                  <th scope="col">カテゴリ</th>
                  <th scope="col">提供形態</th>
                  <th scope="col">バージョン</th>
                  <th scope="col">更新日</th>
                  <th scope="col">
                    <span className="visually-hidden">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((original) => {
                  const product = changed[original.id] ?? original;
                  return (
                    <tr key={product.id}>
                      <th scope="row">
                        {product.name}
                        {product.description && <div className="muted small">{product.description}</div>}
                      </th>
                      <td data-label="カテゴリ">{product.categoryLabel}</td>
                      <td data-label="提供形態">{product.deploymentLabel}</td>
                      <td data-label="バージョン">{product.versions.join('、') || '—'}</td>
                      <td data-label="更新日">{formatDate(product.updatedAt)}</td>
                      <td>
                        {canWrite && (
                          <button type="button" className="button small" aria-label={`${product.name} を編集`} onClick={() => setEditing(product.id)}>
                            編集
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager state={list} />
      </section>
    </>
  );
}
