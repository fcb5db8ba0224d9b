import type { ObjectFacts } from './pdf-structure';
import type { QpdfObject, QpdfValue } from './qpdf-json-objects';

/**
 * Checks on an uploaded MDS/SDS original beyond "it parses": the file customers download must be
 * a document and nothing else. Readers tolerate a header up to 1 KB into the file and anything
 * after the end marker, which is what makes PDF polyglots (HTML or a script before the header, a
 * ZIP after the end); and a compliance document has no use for scripts, launch actions, files
 * embedded in it or actions that run by themselves, the ways a PDF carries a payload to the
 * pharmacy's machines or reports back to someone when opened.
 */

/** Names that make a PDF active wherever they appear: scripts, program launches, attached files, Flash, XFA forms (scripted), 3D (scripted). */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'EF', 'FileAttachment', 'RichMedia', 'XFA', '3D']);
/** Action types (ISO 32000-2, 12.6.4); a dictionary whose /S is one of these is an action. */
const ACTION_TYPES = new Set([
  'GoTo', 'GoToR', 'GoToE', 'GoToDp', 'Launch', 'Thread', 'URI', 'Sound', 'Movie', 'Hide', 'Named', 'SubmitForm', 'ResetForm', 'ImportData',
  'JavaScript', 'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView', 'RichMediaExecute',
]);
/** Where a link the reader clicks may lead outside the document (the reader asks first). */
const WEB_ADDRESS = /^(https?:\/\/|mailto:)/i;

const END_MARKER = '%%EOF';

/** What precedes the header or follows the last end marker, other than line ends and padding. */
export function foreignBytes(content: Buffer): 'before_header' | 'after_end' | undefined {
  if (!content.subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'before_header';
  const end = content.lastIndexOf(END_MARKER);
  const rest = content.subarray(end + END_MARKER.length);
  return rest.every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09 || byte === 0x00) ? undefined : 'after_end';
}

/** Why a file is active: content that is (a script, an embedded file), an action other than an internal GoTo, or additional actions. */
export interface ActiveFinding {
  kind: 'content' | 'action' | 'additional_actions';
  /** The PDF name found, without its slash: JavaScript, GoToR, AA… */
  name: string;
}

type Dict = { [key: string]: QpdfValue };
const isDict = (value: QpdfValue): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);
const REFERENCE = /^(\d+) \d+ R$/;
const nameOf = (value: QpdfValue | undefined) => (typeof value === 'string' && value.startsWith('/') ? value.slice(1) : undefined);
const referenceOf = (value: QpdfValue | undefined) => (typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined);
const isLink = (dict: Dict) => nameOf(dict['/Subtype']) === 'Link';

/**
 * Reads the objects qpdf resolved (one at a time, as they arrive) and keeps what the checks
 * need: the first active content, and the facts of the structure (streams, object streams,
 * earlier cross-reference sections). An action that is an object of its own is judged once all objects are in, since the
 * link, open action or other action that points at it may come before or after it.
 */
export class ObjectInspector {
  readonly facts: ObjectFacts = { streams: [], objectStreams: new Map(), xrefOffsets: [] };
  encrypted = false;
  private finding: ActiveFinding | undefined;
  /** Objects that are actions, by type, and for a web link whether its address is one. */
  private readonly actions = new Map<number, { type: string; webAddress: boolean }>();
  /** Objects a link annotation's /A points at: a web link is allowed there… */
  private readonly linkTargets = new Set<number>();
  /** …unless something else points at it too (an /OpenAction, a /Next after another action, a bookmark). */
  private readonly otherTargets = new Set<number>();
  private readonly numbers = new Map<number, number>();
  private readonly lengthReferences: { id: number; reference: number }[] = [];

  add(object: QpdfObject): void {
    if (object.id === 'trailer') {
      if (isDict(object.value)) {
        if (object.value['/Encrypt'] !== undefined) this.encrypted = true;
        for (const key of ['/Prev', '/XRefStm']) {
          const offset = object.value[key];
          if (typeof offset === 'number') this.facts.xrefOffsets.push(offset);
        }
      }
      this.visit(object.value, false);
      return;
    }
    const { id, value } = object;
    if (typeof value === 'number') this.numbers.set(id, value);
    if (object.isStream && isDict(value)) this.noteStream(id, value);
    if (isDict(value)) {
      const type = nameOf(value['/S']);
      if (type !== undefined && ACTION_TYPES.has(type)) this.actions.set(id, { type, webAddress: webAddress(value['/URI']) });
    }
    this.visit(value, false, id);
  }

  /** The first active content found, once every object has been added. */
  result(): ActiveFinding | undefined {
    if (this.finding) return this.finding;
    for (const [id, action] of this.actions) {
      if (action.type === 'GoTo') continue;
      const clickedWebLink = action.type === 'URI' && action.webAddress && this.linkTargets.has(id) && !this.otherTargets.has(id);
      if (!clickedWebLink) return actionFinding(action.type);
    }
    return undefined;
  }

  /** Stream lengths given by reference, resolved now that every object is known. */
  resolveLengths(): void {
    for (const { id, reference } of this.lengthReferences) this.facts.streams.push({ id, length: this.numbers.get(reference) ?? 0 });
  }

  private noteStream(id: number, dict: Dict): void {
    const length = dict['/Length'];
    const reference = referenceOf(length);
    if (typeof length === 'number') this.facts.streams.push({ id, length });
    else if (reference !== undefined) this.lengthReferences.push({ id, reference: Number(reference) });
    else this.facts.streams.push({ id, length: 0 });
    const count = dict['/N'];
    if (nameOf(dict['/Type']) === 'ObjStm' && typeof count === 'number') this.facts.objectStreams.set(id, count);
  }

  /**
   * One value, depth first. `inLinkAction`: the value is a link annotation's own /A (inline, or a
   * reference to it), where a web link is allowed; `topLevel`: the number of the object whose
   * value this is (its actions are judged in `result`, once every reference to it is known).
   */
  private visit(value: QpdfValue, inLinkAction: boolean, topLevel?: number): void {
    if (typeof value === 'string') {
      const reference = referenceOf(value);
      if (reference !== undefined) (inLinkAction ? this.linkTargets : this.otherTargets).add(Number(reference));
      const name = nameOf(value);
      if (name !== undefined && ACTIVE_NAMES.has(name)) this.found({ kind: 'content', name });
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, false);
      return;
    }
    if (!isDict(value)) return;
    const type = nameOf(value['/S']);
    if (topLevel === undefined && type !== undefined && ACTION_TYPES.has(type) && type !== 'GoTo') {
      if (!(type === 'URI' && inLinkAction && webAddress(value['/URI']))) this.found(actionFinding(type));
    }
    for (const [key, item] of Object.entries(value)) {
      const name = key.slice(1);
      if (ACTIVE_NAMES.has(name)) this.found({ kind: 'content', name });
      if (name === 'AA' && isDict(item) && Object.keys(item).length > 0) this.found({ kind: 'additional_actions', name });
      this.visit(item, name === 'A' && isLink(value));
    }
  }

  private found(finding: ActiveFinding): void {
    this.finding ??= finding;
  }
}

/** Script and launch actions are named as the active content they are; other actions as actions. */
function actionFinding(type: string): ActiveFinding {
  return { kind: ACTIVE_NAMES.has(type) ? 'content' : 'action', name: type };
}

/** A URI action's address is a web page or an e-mail address (not a file, a share or a script). */
function webAddress(uri: QpdfValue | undefined): boolean {
  if (typeof uri !== 'string') return false;
  const text = uri.startsWith('u:') ? uri.slice(2) : uri.startsWith('b:') ? Buffer.from(uri.slice(2), 'hex').toString('latin1') : '';
  return WEB_ADDRESS.test(text.trim()) && !/[\s\\]/.test(text.trim());
}
