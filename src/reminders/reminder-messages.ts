import type { DomainEvent } from '../events/events.service';
import { fiscalYearLabel } from '../common/fiscal-year';

/**
 * Reminder rows (as the claim statements return them) → domain events. Pure: the Japanese titles
 * and bodies name the vendor, the store, the document and the date, and link into the portal.
 */

export interface TargetDateRow {
  checklist_id: string;
  contract_id: string;
  fiscal_year: number;
  target_on: string;
  threshold: '30d' | '7d' | 'overdue';
  items: string[];
  vendor_id: string;
  customer_id: string;
  vendor_name: string;
  customer_name: string;
}

export interface RequestRow {
  id: string;
  threshold: 'due' | 'overdue';
  kind: string;
  fiscal_year: number | null;
  due_on: string;
  addressee_id: string;
  customer_id: string;
  addressee_name: string;
  customer_name: string;
  product_name: string | null;
}

export interface ThreadRow {
  id: string;
  status: 'waiting_vendor' | 'waiting_pharmacy';
  item_id: string;
  since: string;
  vendor_id: string;
  customer_id: string;
  vendor_name: string;
  customer_name: string;
}

export interface OwedChecklistRow {
  id: string;
  vendor_id: string;
  customer_id: string;
  vendor_name: string;
  customer_name: string;
}

const TARGET_WHEN: Record<TargetDateRow['threshold'], string> = { '30d': 'まで30日', '7d': 'まで7日', overdue: 'を過ぎました' };

export function targetDateEvent(row: TargetDateRow): DomainEvent {
  const items = row.items.length > 5 ? `${row.items.slice(0, 5).join('、')} ほか${row.items.length - 5}件` : row.items.join('、');
  return {
    type: 'reminder.target_date_due',
    recipients: [row.vendor_id, row.customer_id],
    subject: { type: 'checklist', id: row.checklist_id },
    payload: { checklistId: row.checklist_id, contractId: row.contract_id, fiscalYear: row.fiscal_year, targetOn: row.target_on, threshold: row.threshold, itemIds: row.items },
    notification: {
      title: `目標日（${row.target_on}）${TARGET_WHEN[row.threshold]}：${row.vendor_name} → ${row.customer_name}`,
      body: `${fiscalYearLabel(row.fiscal_year)} 事業者確認用チェックリストの「いいえ」の項目 ${items} の目標日は ${row.target_on} です。対応状況をご確認ください。`,
      link: `/contracts/${row.contract_id}/checklists/${row.fiscal_year}`,
    },
  };
}

export function requestEvent(row: RequestRow): DomainEvent {
  const what = row.kind === 'checklist' ? `${fiscalYearLabel(row.fiscal_year ?? 0)} 事業者確認用チェックリスト` : `${row.kind}${row.product_name ? `（${row.product_name}）` : ''}`;
  const overdue = row.threshold === 'overdue';
  return {
    type: overdue ? 'reminder.request_overdue' : 'reminder.request_due',
    recipients: [row.addressee_id, row.customer_id],
    subject: { type: 'document_request', id: row.id },
    payload: { requestId: row.id, kind: row.kind, dueOn: row.due_on, threshold: row.threshold },
    notification: {
      title: overdue ? `依頼の期限（${row.due_on}）を過ぎました：${row.customer_name} → ${row.addressee_name}` : `依頼の期限（${row.due_on}）が近づいています：${row.customer_name} → ${row.addressee_name}`,
      body: `${row.customer_name} から ${row.addressee_name} への ${what} の提出依頼の期限は ${row.due_on} です。`,
      link: `/requests/${row.id}`,
    },
  };
}

export function threadEvent(row: ThreadRow): DomainEvent {
  const vendorWaited = row.status === 'waiting_vendor';
  return {
    type: 'reminder.thread_waiting',
    // Told to the side the thread waits on (a store's chain hears what the store hears).
    recipients: [vendorWaited ? row.vendor_id : row.customer_id],
    subject: { type: 'risk_thread', id: row.id },
    payload: { threadId: row.id, status: row.status, waitingSince: row.since },
    notification: {
      title: `リスクコミュニケーションが7日間あなたの回答を待っています：${row.vendor_name} / ${row.customer_name}`,
      body: `項目 ${row.item_id} の問い合わせは ${row.since} から${vendorWaited ? ` ${row.vendor_name} の回答` : ` ${row.customer_name} の確認`}を待っています。`,
      link: `/risk-threads/${row.id}`,
    },
  };
}

export function fiscalYearEvent(row: OwedChecklistRow, fiscalYear: number): DomainEvent {
  return {
    type: 'reminder.fiscal_year_started',
    recipients: [row.vendor_id, row.customer_id],
    subject: { type: 'contract', id: row.id },
    payload: { contractId: row.id, fiscalYear },
    notification: {
      title: `${fiscalYearLabel(fiscalYear)}が始まりました：事業者確認用チェックリストの提出が必要です（${row.vendor_name} → ${row.customer_name}）`,
      body: `${row.vendor_name} は ${row.customer_name} について ${fiscalYearLabel(fiscalYear)} の事業者確認用チェックリストを提出してください（年度ごとに1回以上の確認が必要です）。`,
      link: `/contracts/${row.id}/checklists/${fiscalYear}`,
    },
  };
}

export interface OutdatedFormRow {
  checklist_id: string;
  contract_id: string;
  newer_form_id: string;
  version_label: string | null;
  vendor_id: string;
  customer_id: string;
  vendor_name: string;
  customer_name: string;
}

export function outdatedFormEvent(row: OutdatedFormRow, fiscalYear: number): DomainEvent {
  const version = row.version_label ?? '新しい様式';
  return {
    type: 'reminder.form_outdated',
    recipients: [row.vendor_id, row.customer_id],
    subject: { type: 'checklist', id: row.checklist_id },
    payload: { checklistId: row.checklist_id, contractId: row.contract_id, fiscalYear, newerFormId: row.newer_form_id },
    notification: {
      title: `事業者確認用チェックリストが旧様式になりました：${row.vendor_name} → ${row.customer_name}`,
      body: `${fiscalYearLabel(fiscalYear)} のチェックリストは旧様式で回答されています。${version}が登録されたため、速やかに新しい様式で回答し直してください。`,
      link: `/contracts/${row.contract_id}/checklists/${fiscalYear}`,
    },
  };
}
