/**
 * Organization names as people compare them. A name that differs from another only by characters
 * no one sees (zero-width spaces, joiners, bidi overrides, variation selectors), by full-width
 * letters or by spacing is the same name to a pharmacist reading a contract proposal, so names are
 * stored in that one form: NFKC, without invisible or control characters, single spaces, trimmed.
 */

/**
 * Format (Cf), control (Cc) and default-ignorable characters: zero-width space/joiners, bidi
 * embeddings, overrides and isolates, the BOM, soft hyphen, variation selectors, Hangul fillers, tags.
 * The database refuses the bidi and zero-width ones too (organizations_name_visible).
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]/gu;

export function normalizeOrganizationName(name: string): string {
  // Line breaks and tabs separate words: they become spaces rather than vanish.
  let text = name.replace(/[\t\n\v\f\r\u0085\u2028\u2029]/gu, ' ');
  // Stripping can bring a letter next to a combining mark it composes with, and NFKC can produce a
  // Hangul filler: repeat until nothing changes (twice in practice).
  for (let pass = 0; pass < 4; pass++) {
    const next = text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
    if (next === text) break;
    text = next;
  }
  return text.replace(/\s+/gu, ' ').trim();
}

/** Two names that read alike compare equal on this key (case and spaces ignored), in SQL too. */
export const NAME_KEY_SQL = (column: string) => `lower(regexp_replace(${column}, '\\s+', '', 'g'))`;
