import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { ConflictError, RuleViolationError } from '@tally/platform';
import { Tracker, TrackerRepository, TrackerType } from '@tally/trackers';
import { BulkLogWrite, LogWriter } from '../log-writer';
import { echoed, ParsedTracker } from './import-record';
import { ImportProblem, ParsedImport, parseCsvImport, parseJsonImport } from './import-parsers';
import { TransferFormat } from './transfer.format';

/** At most this many problems are listed; the message gives the total. */
const MAX_REPORTED_PROBLEMS = 100;

export interface ImportFile {
  content: Buffer;
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

/** The file breaks rules (422): every problem with its line and field; nothing was imported. */
export class ImportRejectedError extends RuleViolationError {
  constructor(problems: ImportProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    const shown = sorted.slice(0, MAX_REPORTED_PROBLEMS);
    const first = shown
      .slice(0, 3)
      .map((p) => `line ${p.line}, ${p.field}: ${p.message}`)
      .join('; ');
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more in details)` : '';
    super(`Nothing was imported: the file has ${count}. ${first}${more}`, shown);
  }
}

export function detectFormat(file: ImportFile): TransferFormat {
  const extension = file.filename?.toLowerCase().match(/\.(csv|json)$/)?.[1];
  if (extension) return extension as TransferFormat;
  const start = file.content
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') || start.startsWith('[') ? 'json' : 'csv';
}

interface PlannedTracker {
  parsed: ParsedTracker;
  existing: { id: number; type: TrackerType } | null;
}

/**
 * Imports CSV or JSON as exported. Everything is checked first (every problem reported with its
 * line); then one transaction writes it all or, on any failure, nothing. A dry run stops after the
 * checks and says what would happen.
 */
@Injectable()
export class DataImportService {
  constructor(
    private readonly trackers: TrackerRepository,
    private readonly writer: LogWriter,
  ) {}

  async import(userId: number, file: ImportFile, options: ImportOptions): Promise<ImportResult> {
    const now = new Date();
    const format = options.format ?? detectFormat(file);
    const parsed = this.parse(file, format, now);
    if (parsed.problems.length) throw new ImportRejectedError(parsed.problems);

    const plan: PlannedTracker[] = [];
    const problems: ImportProblem[] = [];
    for (const tracker of parsed.trackers) {
      const existing = await this.trackers.findByName(userId, tracker.fields.name);
      if (existing && existing.type !== tracker.fields.type) {
        problems.push({
          line: parsed.lineOf(tracker.place),
          field: 'type',
          message: `You already have a ${existing.type} tracker named "${echoed(tracker.fields.name)}"; this one is ${tracker.fields.type}`,
        });
      }
      plan.push({ parsed: tracker, existing });
    }
    if (problems.length) throw new ImportRejectedError(problems);

    const result: ImportResult = {
      dryRun: options.dryRun,
      format,
      trackersCreated: plan.filter((p) => !p.existing).length,
      trackersMatched: plan.filter((p) => p.existing).length,
      logsImported: plan.reduce((sum, p) => sum + p.parsed.logs.length, 0),
    };
    if (options.dryRun) return result;

    await this.writer.bulk(userId, now, (write) => this.write(write, userId, plan, parsed, now));
    return result;
  }

  private parse(file: ImportFile, format: TransferFormat, now: Date): ParsedImport {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file.content);
    } catch {
      throw new ImportRejectedError([
        { line: 1, field: 'file', message: 'The file is not UTF-8 text: save it as CSV UTF-8 or JSON and try again' },
      ]);
    }
    return format === 'csv' ? parseCsvImport(text, now) : parseJsonImport(text, now);
  }

  private async write(write: BulkLogWrite, userId: number, plan: PlannedTracker[], parsed: ParsedImport, now: Date) {
    // Existing trackers are locked first, in id order, as every writer of logs does.
    const matched = plan.filter((p) => p.existing).map((p) => p.existing!.id);
    if (!(await write.lockTrackers(matched))) {
      throw new ConflictError('A tracker changed while the file was imported; nothing was imported, please retry');
    }
    for (const { parsed: tracker, existing } of plan) {
      const trackerId = existing?.id ?? (await this.createTracker(write.em, userId, tracker, parsed, now));
      await write.append({
        trackerId,
        logs: tracker.logs.map((log) => ({ ...log, createdAt: log.createdAt ?? undefined })),
      });
    }
  }

  private async createTracker(
    em: EntityManager,
    userId: number,
    tracker: ParsedTracker,
    parsed: ParsedImport,
    now: Date,
  ): Promise<number> {
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
          line: parsed.lineOf(tracker.place),
          field: 'name',
          message: `"${tracker.fields.name}" clashes with another tracker name in the file (names are compared ignoring case and accents)`,
        },
      ]);
    }
  }
}
