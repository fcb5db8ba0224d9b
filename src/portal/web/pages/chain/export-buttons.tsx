import type { Query } from '../../api/client';
import { chains } from '../../api/chain';
import { DownloadButton } from '../../components/download-button';

/** CSV for Excel on Japanese Windows (UTF-8 with BOM, or Shift_JIS) and XLSX; every store, the filters applied. */
export function ExportButtons({ chainId, what, query }: { chainId: string; what: 'matrix' | 'vendor-summary' | 'store-summary'; query: Query }) {
  return (
    <div className="export-buttons" role="group" aria-label="エクスポート (Export)">
      <DownloadButton label="Excel (XLSX)" download={() => chains.export(chainId, what, query, 'xlsx')} />
      <DownloadButton label="CSV (UTF-8)" download={() => chains.export(chainId, what, query, 'csv')} />
      <DownloadButton label="CSV (Shift_JIS)" download={() => chains.export(chainId, what, query, 'csv', 'shift_jis')} />
    </div>
  );
}
