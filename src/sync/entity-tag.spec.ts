import { AppError } from '../common/app-error';
import { assertIfMatch, assertIfNoneMatch, entityTag, noneMatchHits } from './entity-tag';

const version = { id: '7d0f1c1e-5a3b-4c59-9a57-2f8d0d6b1a10', revision: 2, updatedAt: '2026-04-01T00:00:00.000Z' };

describe('entity tags', () => {
  it('is strong, stable for one state, and differs when the revision or the time moves', () => {
    const tag = entityTag(version);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(entityTag({ ...version, updatedAt: new Date(version.updatedAt) })).toBe(tag);
    expect(entityTag({ ...version, updatedAt: '2026-04-01T09:00:00+09:00' })).toBe(tag);
    expect(entityTag({ ...version, revision: 3 })).not.toBe(tag);
    expect(entityTag({ ...version, updatedAt: '2026-04-01T00:00:00.001Z' })).not.toBe(tag);
  });

  it('If-None-Match compares weakly, in a list, and * matches any state', () => {
    const tag = entityTag(version);
    expect(noneMatchHits(`"other", W/${tag}`, tag)).toBe(true);
    expect(noneMatchHits('*', tag)).toBe(true);
    expect(noneMatchHits('"other"', tag)).toBe(false);
    expect(noneMatchHits(undefined, tag)).toBe(false);
  });

  it('If-Match: absent passes; the current tag or * passes; stale, weak or against nothing is 412 with the current tag', () => {
    const tag = entityTag(version);
    expect(() => assertIfMatch(undefined, version)).not.toThrow();
    expect(() => assertIfMatch(`"other", ${tag}`, version)).not.toThrow();
    expect(() => assertIfMatch('*', version)).not.toThrow();
    for (const [header, current] of [['"stale"', version], [`W/${tag}`, version], ['*', null]] as const) {
      let thrown: unknown;
      try {
        assertIfMatch(header, current);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect({ status: (thrown as AppError).status, code: (thrown as AppError).code, currentEtag: (thrown as AppError).extensions.currentEtag }).toEqual({
        status: 412,
        code: 'precondition_failed',
        currentEtag: current ? tag : null,
      });
    }
  });

  it('If-None-Match: * on a write passes only while there is no record', () => {
    expect(() => assertIfNoneMatch('*', null)).not.toThrow();
    expect(() => assertIfNoneMatch(undefined, version)).not.toThrow();
    expect(() => assertIfNoneMatch('*', version)).toThrow(AppError);
  });
});
