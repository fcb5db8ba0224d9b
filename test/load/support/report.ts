import { percentile } from '../../../bench/bench-support';
import { KINDS, TrafficLog } from './traffic';

/** A plain text table: the first row is the header; numbers align right. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[], index: number) =>
    row.map((cell, column) => (index > 0 && typeof rows[index][column] === 'number' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
  const [header, ...body] = cells;
  return [line(header, 0), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map((row, i) => line(row, i + 1))].join('\n');
}

function statusList(byStatus: Map<number, number>): string {
  return [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status === 0 ? 'no answer' : status}×${n}`)
    .join(' ');
}

const ms = (values: number[], p: number) => (values.length === 0 ? '-' : percentile(values, p).toFixed(1));

/** Requests, rate, latency and statuses per kind of request, and the total. */
export function trafficTable(log: TrafficLog): string {
  const seconds = log.elapsedSeconds || log.at();
  const rows: (string | number)[][] = [['requests', 'count', 'req/s', 'p50 ms', 'p99 ms', 'statuses']];
  const all: number[] = [];
  const allStatuses = new Map<number, number>();
  for (const kind of KINDS) {
    const latencies = log.latencies.get(kind) ?? [];
    all.push(...latencies);
    const statuses = log.statuses.get(kind) ?? new Map<number, number>();
    for (const [status, n] of statuses) allStatuses.set(status, (allStatuses.get(status) ?? 0) + n);
    rows.push([kind, latencies.length, Number((latencies.length / seconds).toFixed(1)), ms(latencies, 50), ms(latencies, 99), statusList(statuses)]);
  }
  rows.push(['all', all.length, Number((all.length / seconds).toFixed(1)), ms(all, 50), ms(all, 99), statusList(allStatuses)]);
  return table(rows);
}

/** One line per second: how many answers of each status. */
export function timelineLines(log: TrafficLog, from = 0, to = log.timeline.length): string[] {
  const lines: string[] = [];
  for (let second = from; second < to; second++) {
    const byStatus = log.timeline[second] ?? new Map<number, number>();
    lines.push(`  t=${String(second).padStart(3)}s  ${statusList(byStatus) || '(no answers)'}`);
  }
  return lines;
}
