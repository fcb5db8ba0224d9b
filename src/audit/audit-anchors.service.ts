import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defineQueue } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { AnchorKeyring, anchorMac, passMac } from './audit-anchor-mac';

const AUDIT_ANCHOR_PASS = defineQueue<Record<string, never>>('audit-anchor-pass');
/**
 * How often chain heads are signed. Events written since the last pass are protected by the hash
 * chain and the database's privileges only: this is the window in which the tables' owner could
 * rewrite them unnoticed (README, Audit log).
 */
export const ANCHOR_CRON = '*/5 * * * *';
/** Arbitrary constant: one pass at a time, so that pass numbers and links stay in one line. */
const ANCHOR_LOCK = 7_263_104;

export interface AnchorPass {
  passNo: string;
  anchoredAt: string;
  chains: number;
  mac: string;
}

interface MovedChain {
  chain_key: string;
  last_seq: string;
  last_hash: string;
  prev_pass_no: string | null;
}

/** Chains whose head moved since their last anchor (an index probe per chain, no scan of the anchors). */
const MOVED_CHAINS = `
  SELECT h.chain_key, h.last_seq, h.last_hash, a.pass_no AS prev_pass_no
    FROM audit_chain_heads h
    LEFT JOIN LATERAL (SELECT pass_no, chain_seq FROM audit_chain_anchors a
                        WHERE a.chain_key = h.chain_key ORDER BY pass_no DESC LIMIT 1) a ON true
   WHERE h.last_seq > coalesce(a.chain_seq, 0)
   ORDER BY h.chain_key`;

const INSERT_ANCHORS = `
  INSERT INTO audit_chain_anchors (chain_key, pass_no, chain_seq, head_hash, prev_pass_no, key_id, mac)
  SELECT r.chain_key, r.pass_no, r.chain_seq, r.head_hash, r.prev_pass_no, r.key_id, r.mac
    FROM jsonb_to_recordset($1::jsonb) AS r(chain_key text, pass_no bigint, chain_seq bigint, head_hash text,
         prev_pass_no bigint, key_id text, mac text)`;

/**
 * Signs the audit chains' heads with KAIJI_AUDIT_ANCHOR_KEY, which the database does not hold, so
 * that a rewrite of the chain by anyone without the key — the tables' owner included — shows at
 * verification (audit-verification.service.ts). Nothing is added to the request path: a pass runs
 * every five minutes on the job queue's schedule (once however many instances run) and signs only
 * the chains that moved. Each pass is logged: the log, kept outside the database, is the witness
 * that the newest passes were not removed.
 */
@Injectable()
export class AuditAnchorService implements OnModuleInit {
  private readonly logger = new Logger('AuditAnchors');
  private readonly keys: AnchorKeyring;
  /** The last pass this process wrote: finding it gone later means passes were removed. */
  private lastWritten?: { passNo: string; mac: string };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly jobs: JobsService,
  ) {
    this.keys = new AnchorKeyring(config.auditAnchorKeys);
  }

  onModuleInit(): void {
    this.jobs.schedule(AUDIT_ANCHOR_PASS, ANCHOR_CRON, 'Asia/Tokyo', async () => {
      await this.anchorPass();
    });
  }

  /** Signs every chain whose head moved since its last anchor; null when none did. */
  async anchorPass(): Promise<AnchorPass | null> {
    const pass = await this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ANCHOR_LOCK]);
      const [last]: { pass_no: string; mac: string }[] = await manager.query('SELECT pass_no, mac FROM audit_anchor_passes ORDER BY pass_no DESC LIMIT 1');
      await this.noticeRemovedPasses(manager, last);
      const moved: MovedChain[] = await manager.query(MOVED_CHAINS);
      if (moved.length === 0) return null;
      const { id: keyId, key } = this.keys.current;
      const passNo = String(last ? BigInt(last.pass_no) + 1n : 1n);
      const anchoredAt = new Date().toISOString();
      const mac = passMac(key, { passNo, anchoredAt, chainCount: moved.length, prevMac: last?.mac ?? '' });
      await manager.query('INSERT INTO audit_anchor_passes (pass_no, anchored_at, chain_count, prev_mac, key_id, mac) VALUES ($1, $2, $3, $4, $5, $6)', [
        passNo,
        anchoredAt,
        moved.length,
        last?.mac ?? '',
        keyId,
        mac,
      ]);
      const anchors = moved.map((chain) => {
        const fields = { chainKey: chain.chain_key, passNo, chainSeq: String(chain.last_seq), headHash: chain.last_hash, prevPassNo: chain.prev_pass_no === null ? null : String(chain.prev_pass_no) };
        return { chain_key: fields.chainKey, pass_no: passNo, chain_seq: fields.chainSeq, head_hash: fields.headHash, prev_pass_no: fields.prevPassNo, key_id: keyId, mac: anchorMac(key, fields) };
      });
      await manager.query(INSERT_ANCHORS, [JSON.stringify(anchors)]);
      return { passNo, anchoredAt, chains: moved.length, mac };
    });
    if (pass) {
      this.lastWritten = { passNo: pass.passNo, mac: pass.mac };
      this.logger.log({ pass: pass.passNo, chains: pass.chains, mac: pass.mac }, 'audit anchor pass');
    }
    return pass;
  }

  /** Passes only grow: the one this process wrote last must still be there, unchanged. */
  private async noticeRemovedPasses(manager: EntityManager, last: { pass_no: string } | undefined): Promise<void> {
    const written = this.lastWritten;
    if (!written) return;
    const [still]: { mac: string }[] = await manager.query('SELECT mac FROM audit_anchor_passes WHERE pass_no = $1', [written.passNo]);
    if (!last || BigInt(last.pass_no) < BigInt(written.passNo) || still?.mac !== written.mac) {
      this.logger.error({ pass: written.passNo, latest: last?.pass_no ?? null }, 'audit anchor passes were removed or altered since this process wrote them: the audit log may have been rolled back');
    }
  }
}
