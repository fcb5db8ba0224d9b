import type { FormSummaryDto } from '../../../api/schema';
import { Badge } from '../../../components/badges';
import { DownloadButton } from '../../../components/download-button';
import { formKindLabel } from './form-labels';
import { formVersions } from './forms-api';

/** Versions grouped by series, newest first: the series a new version joins and the one to download and edit. */
export function FormVersionsTable({ versions }: { versions: FormSummaryDto[] }) {
  const series = groupBySeries(versions);
  return (
    <>
      {series.map(([name, members]) => (
        <section className="card" key={name} aria-labelledby={`series-${name}`}>
          <h3 id={`series-${name}`}>
            {formKindLabel(members[0].kind, members[0].audience)}
            <span className="en">{name}</span>
          </h3>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">様式ID</th>
                  <th scope="col">年度</th>
                  <th scope="col">版</th>
                  <th scope="col">表題</th>
                  <th scope="col">項目数</th>
                  <th scope="col">状態</th>
                  <th scope="col">ブック</th>
                </tr>
              </thead>
              <tbody>
                {members.map((form) => (
                  <tr key={form.id}>
                    <th scope="row">{form.id}</th>
                    <td>{form.fiscalYearLabel ?? '—'}</td>
                    <td>{form.versionLabel}</td>
                    <td>{form.title}</td>
                    <td>{form.itemCount}</td>
                    <td>{form.latest ? <Badge tone="ok">最新</Badge> : <Badge tone="neutral">新しい版あり（{form.supersededBy}）</Badge>}</td>
                    <td>
                      <DownloadButton label="XLSXをダウンロード" className="button secondary small" download={() => formVersions.download(form.id)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

function groupBySeries(versions: FormSummaryDto[]): [string, FormSummaryDto[]][] {
  const groups = new Map<string, FormSummaryDto[]>();
  for (const form of versions) groups.set(form.series, [...(groups.get(form.series) ?? []), form]);
  const newestFirst = (a: FormSummaryDto, b: FormSummaryDto) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0) || Number(b.latest) - Number(a.latest);
  return [...groups.entries()].map(([name, members]): [string, FormSummaryDto[]] => [name, members.sort(newestFirst)]).sort(([a], [b]) => a.localeCompare(b));
}
