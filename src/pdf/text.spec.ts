import { textWidth } from './fonts';
import { ellipsize, wrapText } from './text';

describe('wrapText (Japanese line breaking)', () => {
  const options = { weight: 'regular' as const, size: 9, maxWidth: 120 };
  const sample =
    'パスワードは英数字、記号が混在した8文字以上とし、定期的に変更している。※二要素認証、または13文字以上の場合は定期的な変更は不要（MDS/SDS）「開示書」を提出した。';

  it('breaks by character width without losing or adding characters', () => {
    const lines = wrapText(sample, options);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).toBe(sample);
    for (const line of lines) expect(textWidth('regular', line, 9)).toBeLessThanOrEqual(options.maxWidth + 0.01);
    // In narrow columns a closing mark may hang past the edge, nothing else.
    for (let maxWidth = 40; maxWidth <= 200; maxWidth += 3) {
      for (const line of wrapText(sample, { ...options, maxWidth })) {
        expect(textWidth('regular', line.replace(/[、。）」]$/, ''), 9)).toBeLessThanOrEqual(maxWidth + 0.01);
      }
    }
  });

  it('applies 禁則: no line starts with 、。）」 or small kana, none ends with an opening bracket', () => {
    for (let maxWidth = 40; maxWidth <= 200; maxWidth += 3) {
      const lines = wrapText(sample, { ...options, maxWidth });
      for (const line of lines.slice(1)) expect('、。）」ゃゅょっー？').not.toContain(line[0]);
      for (const line of lines.slice(0, -1)) expect('（「').not.toContain(line[line.length - 1]);
    }
  });

  it('keeps Latin words and dates together when they fit, breaks them when they cannot', () => {
    const lines = wrapText('確認日は2025-06-30です。対象はMDS/SDSのみ。', { ...options, maxWidth: 80 });
    expect(lines.some((l) => l.includes('2025-06-30'))).toBe(true);
    expect(lines.some((l) => l.includes('MDS/SDS'))).toBe(true);
    const long = 'https://example.jp/a/very/long/path/without/any/break/opportunity';
    const broken = wrapText(long, { ...options, maxWidth: 50 });
    expect(broken.length).toBeGreaterThan(2);
    expect(broken.join('')).toBe(long);
  });

  it('keeps explicit newlines, drops blanks at wrapped line starts, and shortens with …', () => {
    expect(wrapText('1行目\n2行目', options)).toEqual(['1行目', '2行目']);
    expect(wrapText('', options)).toEqual(['']);
    expect(wrapText('𠮷野家𠮷野家', { ...options, maxWidth: 5 }).join('')).toBe('𠮷野家𠮷野家'); // astral, narrower than a glyph
    const spaced = wrapText('word '.repeat(30).trim(), { ...options, maxWidth: 60 });
    for (const line of spaced) expect(line).toBe(line.trim());
    const short = ellipsize(sample, options);
    expect(short.endsWith('…')).toBe(true);
    expect(textWidth('regular', short, 9)).toBeLessThanOrEqual(options.maxWidth);
  });

  it('terminates and keeps every character on random mixed text at any width', () => {
    const pool = [...'あいう漢字、。「」（）ーっ ABCdef012-/.()𠮷'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 80) }, () => pool[Math.floor(random() * pool.length)]).join('');
      const maxWidth = 2 + random() * 150;
      const lines = wrapText(text, { ...options, maxWidth });
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });
});
