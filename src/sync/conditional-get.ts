import type { FastifyInstance } from 'fastify';
import { noneMatchHits } from './entity-tag';

/**
 * If-None-Match on a GET whose answer carries an ETag (EntityTagInterceptor): when the tag still
 * matches, the answer becomes 304 without a body. The record is read either way (access and audit
 * stay exactly as for a 200); what is saved is the transfer and the client's parsing.
 */
export function useConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    const etag = reply.getHeader('etag');
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof etag !== 'string' || typeof ifNoneMatch !== 'string' || !noneMatchHits(ifNoneMatch, etag)) return payload;
    void reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return '';
  });
}
