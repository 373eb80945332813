import { createScanner, JSONScanner, ParseErrorCode, printParseErrorCode, ScanError, SyntaxKind } from 'jsonc-parser';
import { TrackerType } from '@tally/trackers';
import { ImportProblem } from './import-problems';
import { breathe, MAX_TRACKERS_PER_FILE, ReadContext, tooManyTrackers, Utf8Decoder } from './import-reader';
import { echoed, Place, RawRecord, RecordChecker, RecordKind, TypeCheckLater } from './import-record';
import { JSON_FORMAT_NAME, JSON_FORMAT_VERSION, LOG_FIELDS } from './transfer.format';

const JSON_TOP_KEYS = new Set(['format', 'version', 'exportedAt', 'trackers']);
const JSON_TRACKER_KEYS = new Set(['name', 'type', 'description', 'whatToTrack', 'unit', 'createdAt', 'logs']);
const JSON_LOG_FIELDS = new Set<string>(LOG_FIELDS);

/**
 * The longest single token (a string) accepted: a valid file's longest text is 10,000 characters,
 * at most 120,000 once escaped. A longer one is refused rather than gathered.
 */
const MAX_TOKEN_CHARS = 1024 * 1024;

/** A syntax error, as jsonc-parser names it, or a token over MAX_TOKEN_CHARS. */
type SyntaxProblem = ParseErrorCode | 'tooLong';

interface Token {
  kind: SyntaxKind;
  /** A string's decoded text, a number's or a keyword's text. */
  value: string;
  /** The line the token starts on, from 1. */
  line: number;
  error: SyntaxProblem | null;
}

const SCAN_ERRORS: Partial<Record<ScanError, ParseErrorCode>> = {
  [ScanError.UnexpectedEndOfComment]: ParseErrorCode.UnexpectedEndOfComment,
  [ScanError.UnexpectedEndOfString]: ParseErrorCode.UnexpectedEndOfString,
  [ScanError.UnexpectedEndOfNumber]: ParseErrorCode.UnexpectedEndOfNumber,
  [ScanError.InvalidUnicode]: ParseErrorCode.InvalidUnicode,
  [ScanError.InvalidEscapeCharacter]: ParseErrorCode.InvalidEscapeCharacter,
  [ScanError.InvalidCharacter]: ParseErrorCode.InvalidCharacter,
};

/**
 * The tokens of JSON text that arrives in pieces, each with its line, from jsonc-parser's scanner.
 * A token that reaches the end of the text read so far may go on in the next piece: it is kept
 * and scanned again once more text has come.
 */
class JsonTokens {
  private text = '';
  private scanner: JSONScanner = createScanner('', false);
  /** The line `text` starts on. */
  private lineBase = 1;
  private ended = false;

  constructor(private readonly pieces: AsyncIterator<string>) {}

  /** The next token, or null when more text must be read first (`more()`). */
  next(): Token | null {
    for (;;) {
      const kind = this.scanner.scan();
      const offset = this.scanner.getTokenOffset();
      const line = this.lineBase + this.scanner.getTokenStartLine();
      if (kind === SyntaxKind.EOF) {
        if (this.ended) return { kind, value: '', line, error: null };
        this.keepFrom(offset);
        return null;
      }
      const length = this.scanner.getTokenLength();
      if (!this.ended && offset + length >= this.text.length) {
        if (this.text.length - offset > MAX_TOKEN_CHARS) return { kind, value: '', line, error: 'tooLong' };
        this.keepFrom(offset);
        return null;
      }
      if (length > MAX_TOKEN_CHARS) return { kind, value: '', line, error: 'tooLong' };
      if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
      if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
        return { kind, value: '', line, error: ParseErrorCode.InvalidCommentToken };
      }
      const scanError = this.scanner.getTokenError();
      const error = scanError ? (SCAN_ERRORS[scanError] ?? ParseErrorCode.InvalidSymbol) : null;
      return {
        kind,
        value: this.scanner.getTokenValue(),
        line,
        error: error ?? (kind === SyntaxKind.Unknown ? ParseErrorCode.InvalidSymbol : null),
      };
    }
  }

  /** Reads more text; false at the end of the file. */
  async more(): Promise<boolean> {
    if (this.ended) return false;
    // A long token is scanned again from its start: read at least as much again as is kept, so
    // however long it is, it is scanned a bounded number of times.
    const parts = [this.text];
    let added = 0;
    do {
      const piece = await this.pieces.next();
      if (piece.done) {
        this.ended = true;
        break;
      }
      parts.push(piece.value);
      added += piece.value.length;
    } while (added < this.text.length);
    this.text = parts.join('');
    this.scanner = createScanner(this.text, false);
    return true;
  }

  private keepFrom(offset: number): void {
    this.lineBase += this.scanner.getTokenStartLine();
    this.text = this.text.slice(offset);
  }
}

const pathText = (path: Array<string | number>): string =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('') || '(document)';

type Role = 'root' | 'trackers' | 'tracker' | 'logs' | 'log' | 'skip';

/** An object or array being read. */
interface Frame {
  kind: 'object' | 'array';
  role: Role;
  /** What comes next: a key, its colon, a value, or a comma (or the end). */
  expect: 'key' | 'colon' | 'value' | 'comma';
  /** Nothing read inside it yet. */
  empty: boolean;
  key: string;
  index: number;
  line: number;
}

/** A tracker or log object: its values by key, and the line of each. */
interface JsonRecord {
  values: RawRecord;
  place: Place & { path: Array<string | number>; keyLines: Map<string, number> };
}

/** The tracker object being read. */
interface OpenTracker {
  index: number;
  record: JsonRecord;
  /** Its own fields were checked: at its "logs" key when its name and type came before, else at its end. */
  checked: { type: TrackerType | null } | null;
  /** Keys read after it was checked (checked again at its end). */
  lateKeys: string[];
  /** Logs read before its type was known: what the type's rules need of each. */
  pending: TypeCheckLater[];
  logIndex: number;
}

/** Arrays and objects stand in for themselves as values of a record: the checks only see that they are not text. */
const COMPOUND: Record<'object' | 'array', unknown> = { object: {}, array: [] };

/**
 * The export document, token by token: records are checked as they close and handed on, and
 * nothing of a log is kept once it is checked.
 */
class JsonDocument {
  private readonly stack: Frame[] = [];
  private readonly checker: RecordChecker;
  private readonly records: JsonRecord[] = [];
  private tracker: OpenTracker | null = null;
  private readonly names = new Map<string, number>();
  private rootLine = 1;
  private rootDone = false;
  private trackersFound = false;
  /** The line of the last token. */
  private line = 1;

  constructor(private readonly context: ReadContext) {
    this.checker = this.checkerReporting((problem) => context.problems.add(problem));
  }

  /** Takes one token; false when reading should stop (a syntax error, enough problems, too many trackers). */
  take(token: Token): boolean {
    this.line = token.line;
    if (token.error !== null) return this.syntax(token.line, token.error);
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      if (token.kind === SyntaxKind.EOF)
        return this.rootDone ? this.end() : this.syntax(token.line, ParseErrorCode.ValueExpected);
      if (this.rootDone) return this.syntax(token.line, ParseErrorCode.EndOfFileExpected);
      return this.value(token, null);
    }
    if (token.kind === SyntaxKind.EOF) {
      return this.syntax(
        token.line,
        frame.kind === 'object' ? ParseErrorCode.CloseBraceExpected : ParseErrorCode.CloseBracketExpected,
      );
    }
    if (frame.kind === 'object') {
      switch (frame.expect) {
        case 'key':
          if (token.kind === SyntaxKind.CloseBraceToken && frame.empty) return this.close();
          if (token.kind !== SyntaxKind.StringLiteral)
            return this.syntax(token.line, ParseErrorCode.PropertyNameExpected);
          frame.key = token.value;
          frame.expect = 'colon';
          return true;
        case 'colon':
          if (token.kind !== SyntaxKind.ColonToken) return this.syntax(token.line, ParseErrorCode.ColonExpected);
          frame.expect = 'value';
          return true;
        case 'value':
          return this.value(token, frame);
        case 'comma':
          if (token.kind === SyntaxKind.CloseBraceToken) return this.close();
          if (token.kind !== SyntaxKind.CommaToken) return this.syntax(token.line, ParseErrorCode.CommaExpected);
          frame.expect = 'key';
          return true;
      }
    }
    if (frame.expect === 'comma') {
      if (token.kind === SyntaxKind.CloseBracketToken) return this.close();
      if (token.kind !== SyntaxKind.CommaToken) return this.syntax(token.line, ParseErrorCode.CommaExpected);
      frame.expect = 'value';
      return true;
    }
    if (token.kind === SyntaxKind.CloseBracketToken && frame.empty) return this.close();
    return this.value(token, frame);
  }

  /** A value starts (a scalar is also over): what it is depends on where it is. */
  private value(token: Token, parent: Frame | null): boolean {
    const compound =
      token.kind === SyntaxKind.OpenBraceToken ? 'object' : token.kind === SyntaxKind.OpenBracketToken ? 'array' : null;
    let scalar: unknown;
    switch (token.kind) {
      case SyntaxKind.StringLiteral:
        scalar = token.value;
        break;
      case SyntaxKind.NumericLiteral:
        scalar = Number(token.value);
        break;
      case SyntaxKind.TrueKeyword:
        scalar = true;
        break;
      case SyntaxKind.FalseKeyword:
        scalar = false;
        break;
      case SyntaxKind.NullKeyword:
        scalar = null;
        break;
      default:
        if (!compound) return this.syntax(token.line, ParseErrorCode.ValueExpected);
    }
    if (parent) {
      parent.empty = false;
      parent.expect = 'comma';
    }
    const open = (role: Role) => {
      this.stack.push({
        kind: compound!,
        role,
        expect: compound === 'object' ? 'key' : 'value',
        empty: true,
        key: '',
        index: 0,
        line: token.line,
      });
      return true;
    };
    const skip = () => (compound ? open('skip') : true);
    const role = parent?.role ?? null;
    const index = parent?.kind === 'array' ? parent.index++ : -1;

    if (role === null) {
      this.rootDone = true;
      this.rootLine = token.line;
      if (compound === 'object') return open('root');
      this.context.problems.add(this.shapeProblem());
      return false;
    }
    if (role === 'skip') return skip();

    if (role === 'trackers') {
      if (index >= MAX_TRACKERS_PER_FILE) {
        this.context.problems.add(tooManyTrackers(token.line));
        return false;
      }
      const path = ['trackers', index];
      if (compound !== 'object') {
        this.context.problems.add({
          line: token.line,
          field: pathText(path),
          message: 'Each tracker must be an object',
        });
        return skip() && this.more();
      }
      const record = this.openRecord(path, token.line);
      this.tracker = { index, record, checked: null, lateKeys: [], pending: [], logIndex: 0 };
      return open('tracker');
    }
    if (role === 'logs') {
      const tracker = this.tracker!;
      const path = ['trackers', tracker.index, 'logs', tracker.logIndex++];
      if (compound !== 'object') {
        this.context.problems.add({ line: token.line, field: pathText(path), message: 'Each log must be an object' });
        return skip() && this.more();
      }
      this.openRecord(path, token.line);
      return open('log');
    }

    // A key's value in the root, a tracker or a log.
    const key = parent!.key;
    const record = this.records[this.records.length - 1];
    const allowed = role === 'root' ? JSON_TOP_KEYS : role === 'tracker' ? JSON_TRACKER_KEYS : JSON_LOG_FIELDS;
    if (!allowed.has(key)) {
      const place = record?.place ?? { line: this.rootLine, path: [], keyLines: new Map<string, number>() };
      // A long key is cut in the field too.
      const shown = echoed(key);
      this.checker.add(
        'log',
        { ...place, keyLines: new Map([[shown, token.line]]) },
        shown,
        `${shown} is not a known field; expected one of: ${[...allowed].join(', ')}`,
      );
      return skip() && this.more();
    }
    if (role === 'root') return this.rootField(key, token, compound, scalar, skip);
    if (role === 'tracker' && key === 'logs') return this.logsField(token, compound, skip, open);
    record!.values[key] = compound ? COMPOUND[compound] : scalar;
    record!.place.keyLines.set(key, token.line);
    if (role === 'tracker' && this.tracker!.checked) this.tracker!.lateKeys.push(key);
    return skip();
  }

  private rootField(
    key: string,
    token: Token,
    compound: 'object' | 'array' | null,
    scalar: unknown,
    skip: () => boolean,
  ): boolean {
    const place: Place = { line: token.line, path: [] };
    if (key === 'trackers') {
      this.trackersFound = true;
      if (compound === 'array') {
        this.stack.push({
          kind: 'array',
          role: 'trackers',
          expect: 'value',
          empty: true,
          key: '',
          index: 0,
          line: token.line,
        });
        return true;
      }
      this.context.problems.add(this.shapeProblem());
      return false;
    }
    const value = compound ? COMPOUND[compound] : scalar;
    if (key === 'format' && value !== JSON_FORMAT_NAME) {
      this.checker.add('log', place, 'format', `format must be "${JSON_FORMAT_NAME}"`);
    } else if (key === 'version' && value !== JSON_FORMAT_VERSION) {
      this.checker.add(
        'log',
        place,
        'version',
        `version ${echoed(String(value))} is not supported; expected ${JSON_FORMAT_VERSION}`,
      );
    }
    return skip() && this.more();
  }

  /** A tracker's "logs": its fields are checked now if its name and type came first, so its logs are checked as they come. */
  private logsField(
    token: Token,
    compound: 'object' | 'array' | null,
    skip: () => boolean,
    open: (role: Role) => boolean,
  ) {
    const tracker = this.tracker!;
    const { values, place } = tracker.record;
    place.keyLines.set('logs', token.line);
    if (!tracker.checked && values.name !== undefined && values.type !== undefined) this.checkTracker(tracker);
    if (compound === 'array') return open('logs');
    if (compound || token.kind !== SyntaxKind.NullKeyword) {
      this.checker.add('tracker', place, 'logs', 'logs must be an array');
    }
    return skip() && this.more();
  }

  /** An object or array ends. */
  private close(): boolean {
    const frame = this.stack.pop()!;
    switch (frame.role) {
      case 'log':
        this.closeLog(this.records.pop()!);
        break;
      case 'tracker':
        this.closeTracker(this.records.pop()!);
        break;
      case 'root':
        return this.stack.length === 0 ? true : this.more();
    }
    return this.more();
  }

  private closeLog({ values, place }: JsonRecord): void {
    const tracker = this.tracker!;
    const checked = tracker.checked;
    const log = this.checker.log(values, place, checked ? checked.type : undefined, (check) => {
      // Only while its problems could still be among those listed.
      if (!this.context.problems.settled(check.place.line)) tracker.pending.push(check);
    });
    if (log) this.context.reader.log(tracker.index, log);
  }

  private closeTracker(record: JsonRecord): void {
    const tracker = this.tracker!;
    this.tracker = null;
    let parsed;
    if (!tracker.checked) {
      parsed = this.checkTracker(tracker);
    } else {
      // Checked at its "logs" key: only what came after is new.
      const late = new Set(tracker.lateKeys.map((key) => pathText([...record.place.path, key])));
      parsed = this.checkerReporting(
        (problem) => late.has(problem.field) && this.context.problems.add(problem),
      ).tracker(record.values, record.place);
    }
    const type = tracker.checked!.type;
    if (type) for (const check of tracker.pending) this.checker.checkType(check, type);
    this.context.reader.tracker({ key: tracker.index, ...parsed });
  }

  /** Checks a tracker's own fields (and that its name is its own), and notes its type for its logs. */
  private checkTracker(tracker: OpenTracker) {
    const { values, place } = tracker.record;
    const parsed = this.checker.tracker(values, place);
    const earlier = this.names.get(parsed.fields.name);
    if (earlier !== undefined) {
      this.checker.add(
        'tracker',
        place,
        'name',
        `name "${echoed(parsed.fields.name)}" is already used by trackers[${earlier}]`,
      );
    }
    this.names.set(parsed.fields.name, tracker.index);
    tracker.checked = { type: Object.values(TrackerType).includes(parsed.fields.type) ? parsed.fields.type : null };
    return parsed;
  }

  /** After a value: false once enough problems are known that nothing still to come can be listed before them. */
  private more(): boolean {
    let watermark = this.line;
    // Problems that can still be found on an earlier line: the document's shape, an unchecked tracker's fields.
    if (!this.trackersFound) watermark = this.rootLine;
    else if (this.tracker && !this.tracker.checked) watermark = this.tracker.record.place.line;
    return !this.context.problems.settled(watermark);
  }

  private end(): boolean {
    if (!this.trackersFound) this.context.problems.add(this.shapeProblem());
    return false;
  }

  private openRecord(path: Array<string | number>, line: number): JsonRecord {
    const record: JsonRecord = { values: {}, place: { line, path, keyLines: new Map() } };
    this.records.push(record);
    return record;
  }

  private shapeProblem(): ImportProblem {
    return {
      line: this.rootLine,
      field: 'trackers',
      message: 'Expected an object with a "trackers" array, as exported',
    };
  }

  private syntax(line: number, error: SyntaxProblem): boolean {
    const reason =
      error === 'tooLong'
        ? `a value is longer than ${MAX_TOKEN_CHARS.toLocaleString('en')} characters`
        : printParseErrorCode(error)
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase();
    this.context.problems.add({ line, field: 'file', message: `The file is not valid JSON: ${reason}` });
    return false;
  }

  private checkerReporting(report: (problem: ImportProblem) => void): RecordChecker {
    return new RecordChecker(
      this.context.now,
      (_kind: RecordKind, key: string, place: Place) => pathText([...(place.path ?? []), key]),
      report,
    );
  }
}

/** How many tokens are taken between two looks at the clock. */
const TOKENS_PER_LOOK = 64;

/**
 * JSON as exported: `{ format, version, exportedAt, trackers: [{ …, logs: [ … ] }] }`, read as it
 * arrives, token by token, with the event loop served in between. Each log is checked when its
 * object ends and handed on; a tracker is handed on when its object ends. Stops as soon as the
 * first problems are known (`ProblemCollector.settled`): false then, true if it read to the end.
 */
export async function readJsonImport(chunks: AsyncIterable<Buffer>, context: ReadContext): Promise<boolean> {
  const utf8 = new Utf8Decoder();
  async function* text(): AsyncGenerator<string> {
    for await (const chunk of chunks) yield utf8.decode(chunk);
    yield utf8.decode();
  }
  const pieces = text();
  try {
    const tokens = new JsonTokens(pieces);
    const document = new JsonDocument(context);
    for (let count = 0; ; count++) {
      const token = tokens.next();
      if (token === null) {
        await tokens.more();
        continue;
      }
      if (!document.take(token)) return token.kind === SyntaxKind.EOF;
      if (count % TOKENS_PER_LOOK === 0 && context.pacer.due) await breathe(context);
    }
  } finally {
    await pieces.return(undefined);
  }
}
