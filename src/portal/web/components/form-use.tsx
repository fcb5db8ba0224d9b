import type { FormUseDto } from '../api/schema';
import { Badge } from './badges';

/** The parts of FormUseDto a screen needs: the chain's responses carry the same statement. */
export type FormUse = Pick<FormUseDto, 'label' | 'carriedForward' | 'outdated'> & Partial<FormUseDto>;

/**
 * Which form version a checklist is (or would be) answered on, said plainly under a heading:
 * 「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」. A carried-forward version is explained; an
 * outdated one (旧様式) stands out, as it has to be answered again on the newer version.
 */
export function FormUseNote({ use, subject, explain = false }: { use: FormUse | null | undefined; subject?: string; explain?: boolean }) {
  if (!use) return null;
  const tone = use.outdated ? 'outdated' : use.carriedForward ? 'carried' : 'own';
  return (
    <div className={`form-use form-use-${tone}`} data-testid="form-use">
      <p className="form-use-label">
        {subject && <span className="form-use-subject">{subject}: </span>}
        {use.outdated && <Badge tone="warn">旧様式</Badge>}
        {use.carriedForward && !use.outdated && <Badge tone="info">前年度の様式を使用</Badge>}
        <span>{use.label}</span>
      </p>
      {explain && use.outdated && (
        <p className="form-use-help">
          この{use.fiscalYearLabel ?? '年度'}には新しい様式が登録されています。新しい様式で回答し直す（提出し直してもらう）必要があります。
        </p>
      )}
      {explain && use.carriedForward && !use.outdated && (
        <p className="form-use-help">
          厚生労働省の{use.fiscalYearLabel ?? 'この年度'}版の様式がまだ登録されていないため、最新の{use.versionLabel ?? '前年度版'}を使います。新しい様式が登録されると、それまでの回答は「旧様式」と表示されます。
        </p>
      )}
    </div>
  );
}

/** One line for a table cell: the statement (which itself says 旧様式 where outdated, beside the status badge). */
export function FormUseCell({ use }: { use: FormUse | null | undefined }) {
  if (!use) return null;
  return <div className={`form-use-cell small${use.outdated ? ' text-warn' : ' muted'}`}>{use.label}</div>;
}
