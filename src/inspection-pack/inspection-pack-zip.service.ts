import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import archiver, { Archiver } from 'archiver';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { chainStoresVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { StandingFacility } from '../standing/standing.queries';
import { chainArchiveName, safeFileNamePart, uniqueName } from './inspection-pack-files';
import { InspectionPackService } from './inspection-pack.service';
import { EvidenceDocumentsService } from '../evidence/evidence-documents.service';

/**
 * Headquarters downloads the packs of all its stores as one ZIP (one PDF per store, UTF-8 names
 * flagged). The archive is streamed: each store's pack is rendered only once the previous entry
 * has been written out, so a slow client holds back the rendering instead of filling memory.
 */
@Injectable()
export class InspectionPackZipService {
  private readonly logger = new Logger('InspectionPack');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly packs: InspectionPackService,
    private readonly audit: AuditService,
    private readonly evidence: EvidenceDocumentsService,
  ) {}

  /** Checks access and lists the stores before anything is sent: a chain the caller is not answers 404. */
  async open(principal: Principal, chainId: string, fiscalYear: number): Promise<{ stream: Readable; filename: string }> {
    const chainParams = new SqlParams([chainId]);
    const [chain]: { name: string }[] = await this.db.query(
      `SELECT ch.name FROM organizations ch WHERE ch.id = $1 AND ch.kind = 'chain' AND ${chainStoresVisible(principal, 'ch.id', chainParams)}`,
      chainParams.values,
    );
    if (!chain) throw AppError.notFound('chain');
    const storeParams = new SqlParams([chainId]);
    const stores: StandingFacility[] = await this.db.query(
      `SELECT o.id, o.name, o.pharmacy_code FROM organizations o
        WHERE o.kind = 'pharmacy' AND o.chain_id = $1 AND ${chainStoresVisible(principal, 'o.chain_id', storeParams)}
        ORDER BY o.pharmacy_code NULLS LAST, o.name, o.id`,
      storeParams.values,
    );
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'inspection_pack.archive_download',
      target: { type: 'organization', id: chainId },
      details: { fiscalYear, stores: stores.length },
    });
    // archiver buffers up to 1 MB by default (some fifteen small packs) before it stops taking
    // entries; 64 KB keeps the buffered output to about one pack.
    const archive = archiver('zip', { zlib: { level: 6 }, highWaterMark: 64 * 1024 });
    void this.fill(archive, principal, stores, fiscalYear);
    return { stream: archive, filename: chainArchiveName(chain.name, fiscalYear) };
  }

  private async fill(archive: Archiver, principal: Principal, stores: StandingFacility[], fiscalYear: number): Promise<void> {
    const names = new Set<string>();
    try {
      for (const store of stores) {
        // The client may have left while the previous entry was written or this one rendered.
        if (archive.destroyed) throw new ArchiveClosedError('the client went away');
        const { bytes, filename } = await this.packs.renderFor(principal, store, fiscalYear, 'chain_zip');
        if (archive.destroyed) throw new ArchiveClosedError('the client went away');
        const written = entryWritten(archive);
        archive.append(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { name: uniqueName(filename, names) });
        await written;
        await this.appendEvidence(archive, store, fiscalYear, filename, names);
      }
      // Settles only once the client has read the end of the archive (or never, if it leaves):
      // not awaited. Its errors are the stream's, which the response already listens to.
      archive.finalize().catch(() => undefined);
    } catch (error) {
      // The status line is already sent: all that is left is to cut the archive short, which the
      // client sees as a truncated download rather than a complete ZIP with stores missing.
      if (!(error instanceof ArchiveClosedError)) this.logger.error(`inspection pack archive failed: ${error instanceof Error ? error.stack : String(error)}`);
      archive.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The store's evidence PDFs of the 年度 (証跡・規程類) in a folder named after its pack, one read at a time. */
  private async appendEvidence(archive: Archiver, store: StandingFacility, fiscalYear: number, packName: string, names: Set<string>): Promise<void> {
    const folder = `${packName.replace(/\.pdf$/, '')}_証跡`;
    for (const file of await this.evidence.filesOfYear(store.id, fiscalYear)) {
      const content = await this.evidence.fileContent(file.id);
      if (!content) continue;
      if (archive.destroyed) throw new ArchiveClosedError('the client went away');
      const written = entryWritten(archive);
      archive.append(content, { name: uniqueName(`${folder}/${safeFileNamePart(file.filename, 'evidence.pdf')}`, names) });
      await written;
    }
  }
}

class ArchiveClosedError extends Error {}

/** Resolves once archiver has written the next entry out (it waits for the reader: backpressure). */
function entryWritten(archive: Archiver): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      archive.off('entry', onEntry);
      archive.off('error', onError);
      archive.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onEntry = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new ArchiveClosedError('the client went away'));
    archive.on('entry', onEntry);
    archive.on('error', onError);
    archive.on('close', onClose);
  });
}
