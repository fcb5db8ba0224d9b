import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Client } from 'pg';
import { percentile } from './bench-support';

/** HTTP load with autocannon, and the resident size of a process sampled meanwhile. */

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadPlan {
  baseUrl: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Each connection goes through these paths in turn, again and again. */
  paths: string[];
}

export async function runLoad(plan: LoadPlan): Promise<LoadFigures> {
  const result = await autocannon({
    url: plan.baseUrl,
    connections: plan.connections,
    duration: plan.seconds,
    headers: plan.headers,
    requests: plan.paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/**
 * Open loop: requests start at evenly spaced moments, `rate` a second over at most `connections`
 * keep-alive sockets, whatever the answers; each one's latency counts from its planned start, so a
 * stall delays the count rather than the load (no coordinated omission). autocannon's own rate
 * limit refills every connection on the same one-second tick, which fires them in bursts.
 */
export async function runOpenLoop(plan: LoadPlan & { rate: number }): Promise<LoadFigures> {
  const url = new URL(plan.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: plan.connections });
  const count = Math.round(plan.rate * plan.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const send = (path: string, plannedAt: number) =>
    new Promise<void>((resolve) => {
      const outgoing = request({ host: url.hostname, port: url.port, path, agent, headers: plan.headers, timeout: 10_000 }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - plannedAt);
          if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) non2xx++;
          resolve();
        });
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', () => {
        errors++;
        resolve();
      });
      outgoing.end();
    });
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const plannedAt = started + (i * 1000) / plan.rate;
    const wait = plannedAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(plan.paths[i % plan.paths.length], plannedAt));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: latencies.length ? percentile(latencies, 50) : 0,
    p99Ms: latencies.length ? percentile(latencies, 99) : 0,
    errors,
    non2xx,
    total: latencies.length,
  };
}

/** VmRSS of a process in MiB (0 when it is gone). */
export function residentMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the resident size every `everyMs` until stopped; answers the largest sample. */
export function sampleResidentSize(pid: number, everyMs = 250): { stop(): number } {
  let max = residentMiB(pid);
  const timer = setInterval(() => {
    max = Math.max(max, residentMiB(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, residentMiB(pid));
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms; clock ticks are 1/100 s on Linux. */
export function cpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * CPU time of the PostgreSQL backends serving one database, per backend, from /proc: the server
 * runs on this machine (loopback only). Two snapshots give the database's share of a run.
 */
export async function backendCpuMs(databaseUrl: string): Promise<Map<number, number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return new Map(rows.map((row) => [row.pid, cpuMs(row.pid)]));
  } finally {
    await client.end();
  }
}

export function backendCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
