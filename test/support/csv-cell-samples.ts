/**
 * Cells a spreadsheet turns into a number, date, time or truth value when it opens a CSV (LibreOffice
 * did so with most when tried; the Japanese dates, 1 / 2 and month names are for Excel): the cell rules
 * (src/common/csv-cells.ts) mark each with an apostrophe.
 */
export const MISREAD_SAMPLES = [
  '1/2', '0/0', '13/13', '1 / 2', '1 1/2', '１/２', '1／2',
  '2-1', '2-11', '12-3', '2-1-1', '1.2.3', '2026-12-07', '2026/12/07', '2026-12-07 09:30', '2026-12-07 09:30:00',
  '0112345678', '1234567890', '01', '１２３', '3.5', '.5', '1,234', '(1)', '-5', '+5', '5-', '5%', '5 %', '1e5', '1E3', '12e45', '$5', '¥500', '￥500',
  '12:30', '0:0', '24:00', '1:2:3', '9:30 AM',
  '1月2日', '2026年1月2日', '2026年1月', '令和8年1月2日', '令和8年', 'H30.1.1', 'R8.1.2', '12時30分', '午前9時',
  'Jan-2', 'Dec 3', '2-Jan', 'SEPT1',
  'TRUE', 'false',
];

/** Text that both programs keep as it is (the figures Kaiji writes, item ids, IP addresses, ids): left without a mark. */
export const TEXT_SAMPLES = [
  '1件/2件', '不要', '2-①', 'いいえ 2-⑤', '令和8年度', '令和7年度: 令和7年度版', 'さくら薬局1号店', '3M', 'A-1',
  '127.0.0.1', '192.168.10.20', '::1', '::ffff:127.0.0.1', '2001:db8::1', '1-2-3-4', '0x1F', '1_000',
  '12345678-1234-4234-9234-123456789012', 'b3f1c0de-0000-4000-8000-000000000001', '1e5a', 'Mozilla/5.0 (X11; Linux x86_64)',
];
