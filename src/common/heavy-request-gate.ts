import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error';
import { routeBodyConfig } from './route-bodies';

/**
 * Large bodies on heavy routes (bulk submissions, PDF uploads; RouteBodyConfig.heavy) take turns:
 * a body declared larger than `aboveBytes` (or sent in chunks, its size unknown) is read and
 * processed only while fewer than `slots` others are; it waits, before its body is read (a waiting
 * request costs its socket, nothing more), in a queue of at most `maxWaiting`, for at most
 * `maxWaitMs`; past either it is answered 503 `server_busy` with Retry-After. Each request is
 * bounded by its route's limits; this bounds how many of the largest are in memory together,
 * whatever the number of clients. Bodies within the default limit go straight on, as on any route.
 */
export interface HeavyGateOptions extends TurnOptions {
  aboveBytes: number;
}

interface TurnOptions {
  slots: number;
  maxWaiting: number;
  maxWaitMs: number;
}

/**
 * Two at a time: the heaviest bulk submission at the cap holds some 50 MB of heap while processed,
 * garbage included (bench/batch-memory.ts), so two leave most of the 384 MB old space to everything
 * else; a third
 * would not make them faster on the event loop they share. Bodies up to 1 MiB (the default limit:
 * a bulk submission of some 500 checklists) do not wait.
 */
export const HEAVY_REQUEST_GATE: HeavyGateOptions = { slots: 2, aboveBytes: 1024 * 1024, maxWaiting: 32, maxWaitMs: 60_000 };

/** A slot is freed when the answer is ready to be written; this long after the connection closed at the latest. */
const RELEASE_AFTER_CLOSE_MS = 120_000;

export class HeavyRequestGate {
  private running = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly options: TurnOptions) {}

  get inUse(): number {
    return this.running;
  }

  /** A function that frees the slot (once, however often called), or undefined: no slot in time. */
  async acquire(): Promise<(() => void) | undefined> {
    if (this.running < this.options.slots && this.waiting.length === 0) return this.take();
    if (this.waiting.length >= this.options.maxWaiting) return undefined;
    return new Promise((resolve) => {
      const waiter = {
        grant: () => resolve(this.take()),
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          resolve(undefined);
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private take(): () => void {
    this.running += 1;
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      this.running -= 1;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant();
      }
    };
  }
}

export function useHeavyRequestGate(fastify: FastifyInstance, options: HeavyGateOptions): HeavyRequestGate {
  const gate = new HeavyRequestGate(options);
  const releases = new WeakMap<object, () => void>();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!routeBodyConfig(request).heavy) return;
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] === undefined && (length === undefined || Number(length) <= options.aboveBytes)) return;
    const release = await gate.acquire();
    if (!release) {
      throw new AppError(503, 'server_busy', 'Service unavailable', '混み合っています。少し待ってから送り直してください (too many large requests at once: retry shortly)', {
        retryAfterSeconds: 5,
      });
    }
    let freed = false;
    const free = () => {
      freed = true;
      release();
    };
    releases.set(request, free);
    // Normally freed in onSend below; if that never came (a failure nobody answered), not held for ever.
    reply.raw.once('close', () => {
      if (!freed) setTimeout(free, RELEASE_AFTER_CLOSE_MS).unref();
    });
  });
  // onSend runs once the handler has answered (or failed), also when the client has gone meanwhile:
  // the work, and the memory it held, is over; only the answer is left to write.
  fastify.addHook('onSend', async (request) => {
    releases.get(request)?.();
  });
  return gate;
}
