/**
 * qpdf's JSON (version 2, `--json-key=qpdf`) read one object at a time as qpdf writes it, so that
 * a file of many objects is never held, nor parsed, as one huge document: each entry of the
 * object map ("obj:N G R" or "trailer") sits at a fixed indentation, one JSON value per entry.
 * If qpdf ever wrote another layout no object would be found and the inspection would refuse the
 * file (`finish` throws), never accept it unread.
 */

/** A PDF value as qpdf writes it: names "/Name", strings "u:text" or "b:hex", references "N G R". */
export type QpdfValue = null | boolean | number | string | QpdfValue[] | { [key: string]: QpdfValue };

export interface QpdfObject {
  /** The object number, or 'trailer' for the trailer dictionary. */
  id: number | 'trailer';
  /** The object's value; for a stream, its dictionary. */
  value: QpdfValue;
  isStream: boolean;
}

const ENTRY_START = /^ {6}"(obj:(\d+) \d+ R|trailer)": \{$/;
const ENTRY_END = /^ {6}\},?$/;

export class QpdfJsonObjects {
  private entry: { id: number | 'trailer'; lines: string[]; chars: number } | undefined;
  private count = 0;
  private sawTrailer = false;

  constructor(
    private readonly onObject: (object: QpdfObject) => void,
    private readonly limits: { maxObjects: number; maxObjectChars: number; onObjectsExceeded: () => Error; onObjectTooLarge: () => Error },
  ) {}

  line(line: string): void {
    if (!this.entry) {
      const start = ENTRY_START.exec(line);
      if (start) this.entry = { id: start[2] === undefined ? 'trailer' : Number(start[2]), lines: ['{'], chars: 1 };
      return;
    }
    if (!ENTRY_END.test(line)) {
      this.entry.chars += line.length;
      if (this.entry.chars > this.limits.maxObjectChars) throw this.limits.onObjectTooLarge();
      this.entry.lines.push(line);
      return;
    }
    const { id, lines } = this.entry;
    this.entry = undefined;
    lines.push('}');
    const parsed = JSON.parse(lines.join('\n')) as { value?: QpdfValue; stream?: { dict: QpdfValue } };
    if (id === 'trailer') this.sawTrailer = true;
    else if (++this.count > this.limits.maxObjects) throw this.limits.onObjectsExceeded();
    this.onObject({ id, value: parsed.stream ? parsed.stream.dict : (parsed.value ?? null), isStream: parsed.stream !== undefined });
  }

  /** Called once qpdf has finished: its description must have been complete. */
  finish(): void {
    if (this.entry || !this.sawTrailer) throw new Error('qpdf JSON ended before the trailer: unknown layout or truncated output');
  }
}
