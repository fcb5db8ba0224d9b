import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { manyObjectsPdf, plainNavigationPdf } from '../../test/support/hostile-pdfs';
import { QpdfLimitExceeded, QpdfRunOptions, withQpdf } from './qpdf-runner';

/** Whether any process still reads the file (its command line names it). */
function stillRead(file: string): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(file)) return true;
    } catch {
      // ended meanwhile
    }
  }
  return false;
}

/** One qpdf run on the bytes; afterwards, no process reads its file and the file is gone. */
async function runOnce(content: Buffer, budgetMs: number, args: string[], options: QpdfRunOptions) {
  let file = '';
  try {
    return await withQpdf(content, budgetMs, (qpdf) => {
      file = qpdf.file;
      return qpdf.run(args, options);
    });
  } finally {
    expect(stillRead(file)).toBe(false);
    expect(existsSync(file)).toBe(false);
  }
}

describe('qpdf runner: every run bounded, killed at its limit, nothing left behind', () => {
  const many = manyObjectsPdf(300_000);

  it('reads a plain file and answers its output', async () => {
    const result = await runOnce(plainNavigationPdf(), 10_000, ['--show-npages'], { maxOutputBytes: 1024 });
    expect(result).toMatchObject({ exitCode: 0, stdout: '1\n' });
  });

  it('kills the run when the time budget is spent, and removes the temporary file', async () => {
    const started = Date.now();
    await expect(runOnce(many, 300, ['--check'], { maxOutputBytes: 1024 * 1024 })).rejects.toEqual(new QpdfLimitExceeded('time'));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('kills the run when its output passes the cap', async () => {
    await expect(runOnce(many, 10_000, ['--show-xref'], { maxOutputBytes: 64 * 1024 })).rejects.toEqual(new QpdfLimitExceeded('output'));
  });

  it('stops the run when the reader of its lines throws', async () => {
    let lines = 0;
    const stop = new Error('enough');
    const reading = runOnce(many, 10_000, ['--show-xref'], {
      maxOutputBytes: 64 * 1024 * 1024,
      onLine: () => {
        if (++lines > 1000) throw stop;
      },
    });
    await expect(reading).rejects.toBe(stop);
  });
});
