/**
 * Reads JSON text as it arrives, byte by byte, without building anything, and tells as soon as it
 * goes past what a route takes: more values than the route allows (what a parsed body costs in
 * memory follows the number of its values far more than its size: `[{},{},…]` is three bytes per
 * object in the body and some fifty in the heap), nesting deeper than any Kaiji body, or an escaped
 * UTF-16 surrogate without its other half (JSON can carry `"\ud800"`; validator.js's isEmail throws
 * on it and PostgreSQL could only store it altered). Syntax is left to JSON.parse: text that is not
 * JSON is refused there, after this has bounded what the parse may build.
 *
 * Every value counts, object keys included: objects, arrays, strings, numbers, true, false, null.
 * Bytes of UTF-8 sequences are all ≥ 0x80, so the ASCII this looks for is never part of one.
 */
export interface JsonLimits {
  maxValues: number;
  maxDepth: number;
}

export type JsonShapeProblem = { kind: 'too_many_values'; limit: number } | { kind: 'too_deep'; limit: number } | { kind: 'lone_surrogate' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const LOWER_U = 0x75;

/** The first byte of a number or of true, false, null. */
const STARTS_LITERAL = new Uint8Array(256);
for (const char of '-0123456789tfn') STARTS_LITERAL[char.charCodeAt(0)] = 1;
/** Bytes that may continue a number or a literal once started (letters cover true/false/null and exponents). */
const IN_LITERAL = new Uint8Array(256);
for (const char of '-+.0123456789eEtrufalsn') IN_LITERAL[char.charCodeAt(0)] = 1;

const enum Escape {
  None,
  /** After a backslash. */
  Started,
  /** Reading the four hex digits of \u (1–4 read). */
  Hex1,
  Hex2,
  Hex3,
  Hex4,
}

export class JsonScanner {
  private values = 0;
  private depth = 0;
  private inString = false;
  private inLiteral = false;
  private escape = Escape.None;
  private codeUnit = 0;
  /** An escaped high surrogate was just read: the next thing in the string must be an escaped low one. */
  private awaitingLow = false;
  /** Inside the \u escape that must bring the low surrogate. */
  private readingLow = false;

  constructor(private readonly limits: JsonLimits) {}

  /** Scans the next bytes; the first problem found, if any (scanning stops being meaningful after it). */
  feed(bytes: Uint8Array): JsonShapeProblem | undefined {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (this.inString) {
        const problem = this.stringByte(byte);
        if (problem) return problem;
        continue;
      }
      if (this.inLiteral) {
        if (IN_LITERAL[byte] === 1) continue;
        this.inLiteral = false;
      }
      if (byte === QUOTE) {
        this.inString = true;
        if (++this.values > this.limits.maxValues) return { kind: 'too_many_values', limit: this.limits.maxValues };
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (this.depth >= this.limits.maxDepth) return { kind: 'too_deep', limit: this.limits.maxDepth };
        this.depth += 1;
        if (++this.values > this.limits.maxValues) return { kind: 'too_many_values', limit: this.limits.maxValues };
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        if (this.depth > 0) this.depth -= 1;
      } else if (STARTS_LITERAL[byte] === 1) {
        this.inLiteral = true;
        if (++this.values > this.limits.maxValues) return { kind: 'too_many_values', limit: this.limits.maxValues };
      }
    }
    return undefined;
  }

  /** The body ended: a surrogate still waiting for its other half is a problem. */
  end(): JsonShapeProblem | undefined {
    return this.awaitingLow || this.readingLow ? { kind: 'lone_surrogate' } : undefined;
  }

  private stringByte(byte: number): JsonShapeProblem | undefined {
    switch (this.escape) {
      case Escape.None:
        if (byte === BACKSLASH) {
          this.escape = Escape.Started;
          return undefined;
        }
        // Anything but the escape that brings the low surrogate (the closing quote included).
        if (this.awaitingLow) return { kind: 'lone_surrogate' };
        if (byte === QUOTE) this.inString = false;
        return undefined;
      case Escape.Started:
        if (byte === LOWER_U) {
          this.escape = Escape.Hex1;
          this.codeUnit = 0;
          this.readingLow = this.awaitingLow;
          this.awaitingLow = false;
          return undefined;
        }
        this.escape = Escape.None;
        return this.awaitingLow ? { kind: 'lone_surrogate' } : undefined;
      case Escape.Hex1:
      case Escape.Hex2:
      case Escape.Hex3:
        this.codeUnit = (this.codeUnit << 4) | hexValue(byte);
        this.escape += 1;
        return undefined;
      case Escape.Hex4:
        this.codeUnit = (this.codeUnit << 4) | hexValue(byte);
        this.escape = Escape.None;
        return this.codeUnitRead();
    }
  }

  private codeUnitRead(): JsonShapeProblem | undefined {
    const unit = this.codeUnit;
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (this.readingLow) {
      this.readingLow = false;
      return isLow ? undefined : { kind: 'lone_surrogate' };
    }
    if (isLow) return { kind: 'lone_surrogate' };
    this.awaitingLow = isHigh;
    return undefined;
  }
}

/** A hex digit's value; anything else gives a value JSON.parse will refuse anyway. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return 0;
}
