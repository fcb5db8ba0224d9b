import { useMemo, useState } from 'react';
import { isStaleWrite } from '../../../api/client';
import { vendorDisclosures } from '../../../api/disclosure-editor';
import type { DisclosureDto, FormDto } from '../../../api/schema';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorMessage, Notice } from '../../../components/feedback';
import { StaleWriteNotice } from '../../../components/stale-write-notice';
import { AddExtraItem, ExtraItemField, ListedItemField } from './answer-fields';
import { AttachmentSection } from './attachment-section';
import { AudienceSection, type AudienceChoice } from './audience-section';
import { answersPayload, draftStateOf, itemsBySection, missingItems, type DraftState } from './disclosure-draft';

/**
 * Your draft MDS/SDS: every item of the form grouped by its section, items the partial form does
 * not list, the original PDF, the audience, and what is still missing before you can publish.
 * Answers are kept on this screen until you save (PATCH replaces them all, If-Match: only over the
 * state this screen loaded; if someone saved first, the user chooses what happens to their input).
 */
export function DraftEditor({
  disclosure,
  etag: loadedTag,
  form,
  onChanged,
  onPublished,
}: {
  disclosure: DisclosureDto;
  /** The ETag of the draft as loaded. */
  etag: string | null;
  form: FormDto;
  /** A new state of the draft, with its ETag when known. */
  onChanged: (next: DisclosureDto, etag?: string | null) => void;
  onPublished: (published: DisclosureDto) => Promise<void>;
}) {
  const [state, setState] = useState<DraftState>(() => draftStateOf(disclosure));
  const [audience, setAudience] = useState<AudienceChoice>({ audience: disclosure.audience, contractIds: disclosure.contractIds ?? [] });
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [etag, setEtag] = useState<string | null>(loadedTag);
  /** A save was refused because someone saved first; when they did. */
  const [stale, setStale] = useState<{ changedAt: string }>();
  const sections = useMemo(() => itemsBySection(form), [form]);
  const missing = missingItems(form, state);
  const takenIds = new Set([...form.items.map((item) => item.id), ...state.extras.map((extra) => extra.itemId)]);

  function change(next: DraftState) {
    setState(next);
    setDirty(true);
    setSaved(false);
  }

  async function save(over: string | null = etag): Promise<DisclosureDto> {
    const next = await vendorDisclosures.updateTagged(
      disclosure.id,
      {
        answers: answersPayload(form, state),
        audience: audience.audience,
        ...(audience.audience === 'selected_contracts' ? { contractIds: audience.contractIds } : {}),
      },
      over,
    );
    setEtag(next.etag);
    onChanged(next.data, next.etag);
    setDirty(false);
    setStale(undefined);
    return next.data;
  }

  /** A new PDF moves the draft's ETag: the next save must name the draft as it is now. */
  async function attached(attachment: NonNullable<DisclosureDto['attachment']>) {
    const current = await vendorDisclosures.getTagged(disclosure.id).catch(() => undefined);
    if (current?.etag) setEtag(current.etag);
    onChanged({ ...disclosure, attachment }, current?.etag);
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await action();
    } catch (failure) {
      if (isStaleWrite(failure)) {
        // Nothing was saved: the input stays on this screen until the user decides.
        const current = await vendorDisclosures.getTagged(disclosure.id).catch(() => undefined);
        setStale({ changedAt: current?.data.updatedAt ?? '' });
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  }

  /** Keeps the user's input and saves it over the newer state (its ETag, read now). */
  const overwrite = () =>
    run(async () => {
      const current = await vendorDisclosures.getTagged(disclosure.id);
      await save(current.etag);
      setSaved(true);
    });

  /** Drops the user's input and shows the draft as it now is. */
  const loadLatest = () =>
    run(async () => {
      const current = await vendorDisclosures.getTagged(disclosure.id);
      setState(draftStateOf(current.data));
      setAudience({ audience: current.data.audience, contractIds: current.data.contractIds ?? [] });
      setEtag(current.etag);
      setDirty(false);
      setStale(undefined);
      onChanged(current.data, current.etag);
    });

  const publish = () =>
    run(async () => {
      if (dirty) await save();
      const published = await vendorDisclosures.publish(disclosure.id);
      setConfirming(false);
      await onPublished(published);
    }).finally(() => setConfirming(false));

  const focusItem = (itemId: string) => document.getElementById(`item-${itemId}`)?.querySelector('input')?.focus();

  return (
    <>
      <section className="card" aria-labelledby="missing-title">
        <h2 id="missing-title">
          未回答の必須項目 <span className="en">Required items not answered</span>
        </h2>
        {missing.length === 0 ? (
          <p className="text-ok" data-testid="missing-none">
            必須項目はすべて回答済みです。保存して公開できます。
          </p>
        ) : (
          <>
            <p>公開するには、次の{missing.length}項目に回答してください。</p>
            <ul className="de-missing" data-testid="missing-list">
              {missing.map((item) => (
                <li key={item.id}>
                  <a
                    href={`#item-${item.id}`}
                    onClick={(event) => {
                      event.preventDefault();
                      focusItem(item.id);
                    }}
                  >
                    {item.id} {item.text}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <AttachmentSection disclosureId={disclosure.id} attachment={disclosure.attachment ?? null} editable onAttached={(attachment) => void attached(attachment)} />

      {sections.map((section) => (
        <section key={section.id} className="card de-section" aria-labelledby={`section-${section.id}`}>
          <h2 id={`section-${section.id}`}>
            {section.title} {section.titleEn && <span className="en">{section.titleEn}</span>}
          </h2>
          {section.items.map((item) => (
            <ListedItemField key={item.id} item={item} value={state.listed[item.id]} disabled={busy} onChange={(value) => change({ ...state, listed: { ...state.listed, [item.id]: value } })} />
          ))}
        </section>
      ))}

      {(form.partial || state.extras.length > 0) && (
        <section className="card de-section" aria-labelledby="extras-title">
          <h2 id="extras-title">
            様式に掲載されていない項目 <span className="en">Items the catalogued form does not list</span>
          </h2>
          <p className="help">この様式はKaijiに一部の項目だけが登録されています。お手元のJAHISワークブックにあるそれ以外の項目は、番号と文言を入力して回答できます。</p>
          {state.extras.map((extra, index) => (
            <ExtraItemField
              key={extra.itemId}
              extra={extra}
              disabled={busy}
              onChange={(next) => change({ ...state, extras: state.extras.map((other, at) => (at === index ? next : other)) })}
              onRemove={() => change({ ...state, extras: state.extras.filter((_, at) => at !== index) })}
            />
          ))}
          {form.partial && <AddExtraItem takenIds={takenIds} onAdd={(extra) => change({ ...state, extras: [...state.extras, extra] })} />}
        </section>
      )}

      <AudienceSection
        productId={disclosure.product.id}
        value={audience}
        disabled={busy}
        onChange={(next) => {
          setAudience(next);
          setDirty(true);
          setSaved(false);
        }}
      />

      <div className="save-bar de-save-bar">
        {dirty && <p className="small text-warn">保存していない変更があります。</p>}
        {saved && <Notice tone="success">保存しました。</Notice>}
        {stale && <StaleWriteNotice what="開示書" changedAt={stale.changedAt || null} busy={busy} onOverwrite={() => void overwrite()} onLoadLatest={() => void loadLatest()} />}
        <ErrorMessage error={error} onItem={focusItem} />
        <div className="save-bar-buttons">
          <button
            type="button"
            className="button secondary"
            disabled={busy || !dirty}
            onClick={() =>
              void run(async () => {
                await save();
                setSaved(true);
              })
            }
          >
            下書きを保存
          </button>
          <button type="button" className="button" disabled={busy || missing.length > 0} onClick={() => setConfirming(true)}>
            公開する
          </button>
        </div>
        {missing.length > 0 && <p className="small muted">未回答の必須項目があるため、まだ公開できません。</p>}
      </div>

      {confirming && (
        <ConfirmDialog title={`${disclosure.kind} を公開しますか`} confirmLabel="公開する" tone="primary" busy={busy} onConfirm={() => void publish()} onCancel={() => setConfirming(false)}>
          <p>
            {disclosure.product.name} {disclosure.productVersion} の{disclosure.kind}（第{disclosure.revision}版）を公開します。
            {audience.audience === 'all_customers' ? 'この製品のすべての顧客' : `選んだ${audience.contractIds.length}件の契約の顧客`}が閲覧できるようになります。
          </p>
          <p>公開した版は変更できません（直すときは改訂版を作成します）。{disclosure.revision > 1 ? '以前の公開版は「改訂済み」になります。' : ''}</p>
          {dirty && <p>保存していない変更は、公開の前に保存します。</p>}
        </ConfirmDialog>
      )}
    </>
  );
}
