import { fiscalYearLabel } from '../common/fiscal-year';

/** File names of the packs: `<保険薬局コード>_<店舗名>_<令和N年度>.pdf`, safe on Windows and in ZIP archives. */

/** Characters Windows refuses in file names, path separators and control characters become "_". */
export function safeFileNamePart(name: string, fallback: string): string {
  const cleaned = [...name]
    .map((char) => (/[\\/:*?"<>|]/.test(char) || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? '_' : char))
    .join('')
    .trim()
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return cleaned || fallback;
}

export function packFileName(facility: { name: string; pharmacy_code: string | null }, fiscalYear: number): string {
  return `${facility.pharmacy_code ?? 'コード未登録'}_${safeFileNamePart(facility.name, '店舗')}_${fiscalYearLabel(fiscalYear)}.pdf`;
}

export function chainArchiveName(chainName: string, fiscalYear: number): string {
  return `${safeFileNamePart(chainName, '本部')}_立入検査資料_${fiscalYearLabel(fiscalYear)}.zip`;
}

/** Names unique within one archive: a repeated name gets "（2）", "（3）"… before its extension. */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.[^.]+)?$/, (ext) => `（${n}）${ext}`);
  taken.add(candidate);
  return candidate;
}
