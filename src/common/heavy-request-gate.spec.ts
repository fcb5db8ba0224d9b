import { HeavyRequestGate } from './heavy-request-gate';

describe('HeavyRequestGate', () => {
  it('lets `slots` through, queues the next in order, refuses past the queue, and frees each slot once', async () => {
    const gate = new HeavyRequestGate({ slots: 2, maxWaiting: 2, maxWaitMs: 10_000 });
    const first = await gate.acquire();
    const second = await gate.acquire();
    const order: string[] = [];
    const third = gate.acquire().then((release) => (order.push('third'), release));
    const fourth = gate.acquire().then((release) => (order.push('fourth'), release));
    expect(await gate.acquire()).toBeUndefined();
    expect(gate.inUse).toBe(2);

    first?.();
    first?.();
    const thirdRelease = await third;
    expect(order).toEqual(['third']);
    expect(gate.inUse).toBe(2);
    second?.();
    const fourthRelease = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    thirdRelease?.();
    fourthRelease?.();
    expect(gate.inUse).toBe(0);
  });

  it('gives up on a wait that lasts too long, and the slot then goes to the next', async () => {
    const gate = new HeavyRequestGate({ slots: 1, maxWaiting: 4, maxWaitMs: 50 });
    const held = await gate.acquire();
    expect(await gate.acquire()).toBeUndefined();
    const next = gate.acquire();
    held?.();
    expect(await next).toEqual(expect.any(Function));
    expect(gate.inUse).toBe(1);
  });
});
