import { createHash } from 'node:crypto';

/** Hex SHA-256, for high-entropy secrets (tokens, client secrets, recovery codes) stored by hash. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
