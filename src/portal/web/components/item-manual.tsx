import type { FormItemManualDto } from '../api/schema';

/**
 * The checklist manual's explanation of an item, closed until asked for: why the item matters and
 * how to check it, the terms, when to answer はい, and the guideline sections it rests on, with
 * where the text comes from. For a 管理薬剤師 answering without IT staff. The text is the manual's,
 * verbatim (FormItemManual); a form version without it shows nothing.
 */
export function ItemManual({ manual, itemId }: { manual?: FormItemManualDto | null; itemId: string }) {
  if (!manual) return null;
  return (
    <details className="item-manual">
      <summary>
        マニュアルの解説<span className="visually-hidden">（項目 {itemId}）</span>
      </summary>
      <div className="item-manual-body" lang="ja">
        <p className="item-manual-section">{manual.section}</p>
        <dl>
          <Part title="考え方・確認方法" paragraphs={manual.explanation} />
          <Part title="用語の解説" paragraphs={manual.terms} />
          <Part title="補足" paragraphs={manual.notes} />
          {manual.guidelineRefs && manual.guidelineRefs.length > 0 && (
            <div>
              <dt>ガイドライン参照</dt>
              <dd>
                <ul className="item-manual-refs">
                  {manual.guidelineRefs.map((ref) => (
                    <li key={ref}>▶{ref}</li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
        <p className="muted small">出典: {manual.source}</p>
      </div>
    </details>
  );
}

function Part({ title, paragraphs }: { title: string; paragraphs?: string[] | null }) {
  if (!paragraphs || paragraphs.length === 0) return null;
  return (
    <div>
      <dt>{title}</dt>
      <dd>
        {paragraphs.map((paragraph, index) => (
          // Paragraphs may repeat (a list's items); their place is what tells them apart.
          <p key={index}>{paragraph}</p>
        ))}
      </dd>
    </div>
  );
}
