/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187), for Japanese file names. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The file name a client gave (query parameter, else Content-Disposition), made safe to store and echo. */
export function filenameFrom(query: string | undefined, disposition: string | undefined, fallback: string): string {
  const fromHeader = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1] ?? disposition?.match(/filename="?([^";]+)"?/i)?.[1];
  let name = query ?? fromHeader;
  try {
    name = name && fromHeader === name ? decodeURIComponent(name) : name;
  } catch {
    // keep it as sent
  }
  const cleaned = [...(name ?? '')]
    .map((char) => (char === '/' || char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? '_' : char))
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || fallback;
}
