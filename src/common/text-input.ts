/** PostgreSQL text cannot hold NUL: refuse it in the DTO rather than fail the whole write (a 500). */
export const NUL = '\u0000';
export const noNul = { message: 'NUL文字は使えません (must not contain NUL characters)' };

/** class-transformer: a string without its surrounding spaces; anything else as it came. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
