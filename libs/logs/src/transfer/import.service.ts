import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { ConflictError, RuleViolationError } from '@tally/platform';
import { Tracker, TrackerRepository, TrackerType } from '@tally/trackers';
import { BulkLogWrite, LogWriter } from '../log-writer';
import { echoed, ParsedLog, ParsedTracker } from './import-record';
import { ImportProblem, MAX_REPORTED_PROBLEMS, NotUtf8Error, ProblemCollector, readImport } from './import-parsers';
import { Pacer } from './pacer';
import { TransferFormat } from './transfer.format';

/** Logs gathered before they are written out, while a file is written (its second read). */
const WRITE_BATCH = 5_000;

export interface ImportFile {
  /** The file: whole, or as it arrives (an upload), in which case it is read once and not kept longer than needed. */
  content: Buffer | AsyncIterable<Buffer>;
  filename?: string;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Default: from the file name, else from the content. */
  format?: TransferFormat;
}

export interface ImportResult {
  dryRun: boolean;
  format: TransferFormat;
  trackersCreated: number;
  /** Trackers of the file that already existed (same name and type): their logs are added. */
  trackersMatched: number;
  logsImported: number;
}

/**
 * The file breaks rules (422): its first problems by line (at most MAX_REPORTED_PROBLEMS), each
 * with its line and field; nothing was imported. `total` problems were found; when reading
 * stopped once the first were known (`complete` false), the message says "at least".
 */
export class ImportRejectedError extends RuleViolationError {
  constructor(problems: ImportProblem[], total = problems.length, complete = true) {
    const shown = [...problems].sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_PROBLEMS);
    const first = shown
      .slice(0, 3)
      .map((p) => `line ${p.line}, ${p.field}: ${p.message}`)
      .join('; ');
    const count = !complete ? `at least ${total} problems` : total === 1 ? 'a problem' : `${total} problems`;
    let more = '';
    if (!complete) more = ` (the first ${shown.length} are listed in details; checking stopped there)`;
    else if (total > shown.length) more = ` (the first ${shown.length} are listed in details)`;
    else if (total > 3) more = ` (and ${total - 3} more in details)`;
    super(`Nothing was imported: the file has ${count}. ${first}${more}`, shown);
  }
}

/** The format from the file name, else from its first bytes. */
export function detectFormat(filename: string | undefined, head: Buffer): TransferFormat {
  const extension = filename?.toLowerCase().match(/\.(csv|json)$/)?.[1];
  if (extension) return extension as TransferFormat;
  const start = head
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') || start.startsWith('[') ? 'json' : 'csv';
}

interface PlannedTracker {
  parsed: ParsedTracker;
  logs: number;
  existing: { id: number; type: TrackerType } | null;
}

async function* piecesOf(content: Buffer | Buffer[], size = 64 * 1024): AsyncGenerator<Buffer> {
  for (const buffer of Buffer.isBuffer(content) ? [content] : content) {
    for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
  }
}

/** The first `bytes` of a file (to tell its format), and all of it, those bytes included. */
async function peek(source: AsyncIterable<Buffer>, bytes: number) {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    length += next.value.length;
  }
  async function* all(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (!done) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  return { head: Buffer.concat(head), chunks: all() };
}

/**
 * Imports CSV or JSON as exported, all or nothing. The file is read as it arrives, with the event
 * loop served between short slices of work (quality.md R11), and checked with the API's rules;
 * reading stops once its first MAX_REPORTED_PROBLEMS problems are known, and the 422 lists them.
 * A clean file is then read a second time and written in one transaction, a few thousand logs at
 * a time. Between the two reads only the file's bytes are kept (and only when it will be
 * written): never the records made from them, so memory is bounded by IMPORT_MAX_MB. A dry run
 * stops after the checks and says what would happen.
 */
@Injectable()
export class DataImportService {
  constructor(
    private readonly trackers: TrackerRepository,
    private readonly writer: LogWriter,
  ) {}

  async import(userId: number, file: ImportFile, options: ImportOptions): Promise<ImportResult> {
    const now = new Date();
    const whole = Buffer.isBuffer(file.content) ? file.content : null;
    const { head, chunks } = await peek(whole ? piecesOf(whole) : (file.content as AsyncIterable<Buffer>), 64);
    const format = options.format ?? detectFormat(file.filename, head);

    // First read: check. An upload that will be written is kept, as bytes, until a problem shows.
    let kept: Buffer[] | null = whole || options.dryRun ? null : [];
    const problems = new ProblemCollector();
    const parsedTrackers: ParsedTracker[] = [];
    const logCounts = new Map<string | number, number>();
    const keeping = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        if (kept && problems.total) kept = null;
        kept?.push(chunk);
        yield chunk;
      }
    };
    let complete: boolean;
    try {
      complete = await readImport(format, keeping(), {
        now,
        problems,
        pacer: new Pacer(),
        reader: {
          tracker: (tracker) => parsedTrackers.push(tracker),
          log: (key) => logCounts.set(key, (logCounts.get(key) ?? 0) + 1),
        },
      });
    } catch (error) {
      if (error instanceof NotUtf8Error) throw new ImportRejectedError([error.problem]);
      throw error;
    }
    if (problems.total) {
      throw new ImportRejectedError(problems.listed(), problems.total, complete || problems.total < problems.cap);
    }

    const plan: PlannedTracker[] = [];
    const clashes: ImportProblem[] = [];
    for (const tracker of parsedTrackers) {
      const existing = await this.trackers.findByName(userId, tracker.fields.name);
      if (existing && existing.type !== tracker.fields.type) {
        clashes.push({
          line: tracker.place.line,
          field: 'type',
          message: `You already have a ${existing.type} tracker named "${echoed(tracker.fields.name)}"; this one is ${tracker.fields.type}`,
        });
      }
      plan.push({ parsed: tracker, logs: logCounts.get(tracker.key) ?? 0, existing });
    }
    if (clashes.length) throw new ImportRejectedError(clashes);

    const result: ImportResult = {
      dryRun: options.dryRun,
      format,
      trackersCreated: plan.filter((p) => !p.existing).length,
      trackersMatched: plan.filter((p) => p.existing).length,
      logsImported: plan.reduce((sum, p) => sum + p.logs, 0),
    };
    if (options.dryRun) return result;

    const bytes = whole ?? kept!;
    await this.writer.bulk(userId, now, (write) => this.write(write, userId, plan, format, bytes, now));
    return result;
  }

  /** Second read: the trackers first, then the logs as they come, a few thousand at a time. */
  private async write(
    write: BulkLogWrite,
    userId: number,
    plan: PlannedTracker[],
    format: TransferFormat,
    bytes: Buffer | Buffer[],
    now: Date,
  ): Promise<void> {
    // Existing trackers are locked first, in id order, as every writer of logs does.
    const matched = plan.filter((p) => p.existing).map((p) => p.existing!.id);
    if (!(await write.lockTrackers(matched))) {
      throw new ConflictError('A tracker changed while the file was imported; nothing was imported, please retry');
    }
    const ids = new Map<string | number, number>();
    for (const { parsed: tracker, existing } of plan) {
      ids.set(tracker.key, existing?.id ?? (await this.createTracker(write.em, userId, tracker, now)));
    }
    const gathered = new Map<number, ParsedLog[]>();
    let count = 0;
    const writeOut = async () => {
      for (const [trackerId, logs] of gathered) {
        await write.append({ trackerId, logs: logs.map((log) => ({ ...log, createdAt: log.createdAt ?? undefined })) });
      }
      gathered.clear();
      count = 0;
    };
    const problems = new ProblemCollector();
    await readImport(format, piecesOf(bytes), {
      now,
      problems,
      pacer: new Pacer(),
      reader: {
        tracker: () => undefined,
        log: (key, log) => {
          const trackerId = ids.get(key)!;
          const logs = gathered.get(trackerId);
          if (logs) logs.push(log);
          else gathered.set(trackerId, [log]);
          count++;
        },
        pause: async () => {
          if (count >= WRITE_BATCH) await writeOut();
        },
      },
    });
    if (problems.total) throw new Error('The import file read differently the second time');
    await writeOut();
  }

  private async createTracker(em: EntityManager, userId: number, tracker: ParsedTracker, now: Date): Promise<number> {
    try {
      return await em.insert(Tracker, {
        user: userId,
        ...tracker.fields,
        createdAt: tracker.createdAt ?? now,
        updatedAt: now,
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw new ImportRejectedError([
        {
          line: tracker.place.line,
          field: 'name',
          message: `"${tracker.fields.name}" clashes with another tracker name in the file (names are compared ignoring case and accents)`,
        },
      ]);
    }
  }
}
