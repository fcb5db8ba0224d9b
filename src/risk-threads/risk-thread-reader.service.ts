import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { riskThreadVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { Page, pageSize, toPage } from '../common/pagination';
import { listOrder } from '../sync/list-order';
import { HistoryRow, MessageRow, RiskThreadRow, SELECT_MESSAGES, SELECT_RISK_THREAD, sideOf, toHistoryDto, toMessageDto, toRiskThreadDto } from './risk-thread-row';
import { RiskThreadDocuments } from './risk-thread-documents.service';
import { RiskThreadDetailDto, RiskThreadDto, RiskThreadQueryDto } from './risk-threads.dto';

/** Reading risk threads: lists with filters, one thread with its messages, history and the document's state. */
@Injectable()
export class RiskThreadReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: RiskThreadDocuments,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: RiskThreadQueryDto): Promise<Page<RiskThreadDto>> {
    const today = todayInJapan();
    const params = new SqlParams();
    const where = [riskThreadVisible(principal, 't', params)];
    if (query.status === 'open') where.push(`t.status <> 'resolved'`);
    else if (query.status) where.push(`t.status = ${params.add(query.status)}`);
    if (query.overdue !== undefined) {
      const overdue = `(t.status <> 'resolved' AND t.due_on < ${params.add(today)}::date)`;
      where.push(query.overdue ? overdue : `NOT coalesce(${overdue}, false)`);
    }
    if (query.documentType) where.push(`t.document_type = ${params.add(query.documentType)}`);
    if (query.documentId) where.push(`coalesce(t.disclosure_id, t.checklist_id) = ${params.add(query.documentId)}`);
    if (query.pharmacyId) where.push(`t.customer_id = ${params.add(query.pharmacyId)}`);
    const order = listOrder(query, 't', params);
    where.push(...order.where);
    const size = pageSize(query);
    const rows: RiskThreadRow[] = await this.db.query(`${SELECT_RISK_THREAD} WHERE ${where.join(' AND ')} ORDER BY ${order.orderBy} LIMIT ${params.add(size + 1)}`, params.values);
    return toPage(rows, size, order.keyOf, (row) => toRiskThreadDto(row, principal, today));
  }

  /** One thread; a customer's read is audited (the thread carries a protected document's answer). */
  async get(principal: Principal, id: string): Promise<RiskThreadDetailDto> {
    const detail = await this.load(this.db.manager, principal, id);
    if (sideOf(principal) === 'pharmacy') {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'risk_thread.read', target: { type: 'risk_thread', id } });
    }
    return detail;
  }

  /** The thread with messages, history and the document's current state, or 404 when not visible. */
  async load(manager: EntityManager, principal: Principal, id: string): Promise<RiskThreadDetailDto> {
    const params = new SqlParams([id]);
    const [row]: RiskThreadRow[] = await manager.query(`${SELECT_RISK_THREAD} WHERE t.id = $1 AND ${riskThreadVisible(principal, 't', params)}`, params.values);
    if (!row) throw AppError.notFound('risk thread');
    const messages: MessageRow[] = await manager.query(SELECT_MESSAGES, [id]);
    const history: HistoryRow[] = await manager.query(
      'SELECT id, kind, actor_org, actor_label, details, created_at FROM risk_thread_history WHERE thread_id = $1 ORDER BY id',
      [id],
    );
    const state = await this.documents.state(manager, principal, row.document_type, row.document_id, row.item_id);
    return {
      ...toRiskThreadDto(row, principal),
      documentSuperseded: state.superseded,
      documentState: state,
      messages: messages.map((message) => toMessageDto(message, row.vendor_id, principal)),
      history: history.map(toHistoryDto),
    };
  }
}
