import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@tally/platform';
import { Log } from '../log.entity';
import { LogRow } from '../log.repository';
import { Tracker } from '@tally/trackers';
import { Readable } from 'node:stream';
import { decimalToNumber, decimalToText } from '../decimal';
import { csvRow, protectCell, UTF8_BOM } from './csv';
import { ExportSlots } from './export-slots';
import { DownloadStalledError, stallGuardedStream } from './stall-guarded-stream';
import {
  CSV_COLUMNS,
  CSV_TEXT_COLUMNS,
  CsvColumn,
  JSON_FORMAT_NAME,
  JSON_FORMAT_VERSION,
  JsonLog,
  JsonTracker,
  TransferFormat,
} from './transfer.format';

/**
 * Text is handed to the socket in chunks of about this size: small enough to stay in V8's young
 * generation (strings over ~128 KB go straight to the old one and pile up until a full GC).
 */
const CHUNK_CHARS = 16 * 1024;
const iso = (date: Date | null) => date?.toISOString() ?? null;

function jsonLog(log: LogRow): JsonLog {
  return {
    loggedAt: log.loggedAt.toISOString(),
    value: log.value === null ? null : decimalToNumber(log.value),
    description: log.description,
    emotion: log.emotion,
    reminderMessage: log.reminderMessage,
    reminderAt: iso(log.reminderAt),
    reminderSentAt: iso(log.reminderSentAt),
    createdAt: log.createdAt.toISOString(),
  };
}

function trackerHeader(tracker: Tracker): Omit<JsonTracker, 'logs'> {
  return {
    name: tracker.name,
    type: tracker.type,
    description: tracker.description,
    whatToTrack: tracker.whatToTrack,
    unit: tracker.unit,
    createdAt: tracker.createdAt.toISOString(),
  };
}

function csvLine(tracker: Tracker, log: LogRow | null): string {
  const header = trackerHeader(tracker);
  const cells: Record<CsvColumn, string | null> = {
    tracker: header.name,
    trackerType: header.type,
    trackerDescription: header.description,
    trackerWhatToTrack: header.whatToTrack,
    trackerUnit: header.unit,
    trackerCreatedAt: header.createdAt,
    loggedAt: iso(log?.loggedAt ?? null),
    value: log?.value == null ? null : decimalToText(log.value),
    description: log?.description ?? null,
    emotion: log?.emotion ?? null,
    reminderMessage: log?.reminderMessage ?? null,
    reminderAt: iso(log?.reminderAt ?? null),
    reminderSentAt: iso(log?.reminderSentAt ?? null),
    createdAt: iso(log?.createdAt ?? null),
  };
  return csvRow(
    CSV_COLUMNS.map((column) => {
      const value = cells[column];
      return value !== null && CSV_TEXT_COLUMNS.has(column) ? protectCell(value) : value;
    }),
  );
}

/**
 * Streams all of a user's trackers and logs as CSV or JSON, in keyset batches written as they come,
 * so memory stays flat however many logs there are (quality.md P10).
 *
 * A download lasts as long as its client takes to read it, so it holds nothing shared while it
 * waits (quality.md R11): each batch of 500 logs is its own short read, taken only when the
 * client wants more; a client that reads nothing for EXPORT_STALL_TIMEOUT_SECONDS is cut; one
 * user runs at most EXPORT_MAX_CONCURRENT downloads. No snapshot spans the download (it would pin
 * a pooled connection and hold back InnoDB's purge for as long as the slowest client): the file
 * holds every log that existed when the download started and still exists when its batch is read,
 * each once, in order; logs created after the start are left out. Only a log whose loggedAt is
 * moved across the read position during the download can appear twice or not at all
 * (docs/decisions.md).
 */
@Injectable()
export class DataExportService {
  private readonly logger = new Logger(DataExportService.name);
  private readonly stallTimeoutMs: number;

  constructor(
    private readonly em: EntityManager,
    private readonly slots: ExportSlots,
    @InjectConfig() config: AppConfig,
  ) {
    this.stallTimeoutMs = config.data.exportStallTimeoutMs;
  }

  /**
   * The export as a stream for a download: it takes one of the user's download slots (429 when
   * none is free) and gives it back when the stream closes, however it closes.
   */
  async open(userId: number, format: TransferFormat): Promise<Readable> {
    const slot = await this.slots.acquire(userId);
    const stream = stallGuardedStream(this.chunks(userId, format), {
      stallTimeoutMs: this.stallTimeoutMs,
      onClose: () => slot.release(),
    });
    stream.on('error', (error) => {
      if (error instanceof DownloadStalledError) this.logger.warn(`Export for user ${userId} cut: ${error.message}`);
    });
    return stream;
  }

  /** The text, in chunks; each batch of logs is read when the previous chunks have been taken. */
  async *chunks(userId: number, format: TransferFormat): AsyncGenerator<string> {
    const em = this.em.fork();
    let buffer = '';
    for await (const lines of format === 'csv' ? this.csvLines(em, userId) : this.jsonLines(em, userId)) {
      for (const line of lines) {
        buffer += line;
        if (buffer.length >= CHUNK_CHARS) {
          yield buffer;
          buffer = '';
        }
      }
    }
    if (buffer) yield buffer;
  }

  private async *trackersWithLogs(em: EntityManager, userId: number) {
    const logs = em.getRepository(Log);
    const upToId = await logs.lastId();
    const trackers = await em.find(Tracker, { user: userId }, { orderBy: { id: 'asc' } });
    for (const tracker of trackers) yield { tracker, batches: logs.streamTracker(tracker.id, upToId) };
  }

  /** CSV text, a batch of lines at a time. */
  private async *csvLines(em: EntityManager, userId: number): AsyncGenerator<string[]> {
    yield [UTF8_BOM + csvRow([...CSV_COLUMNS])];
    for await (const { tracker, batches } of this.trackersWithLogs(em, userId)) {
      let any = false;
      for await (const batch of batches) {
        any = true;
        yield batch.map((log) => csvLine(tracker, log));
      }
      if (!any) yield [csvLine(tracker, null)];
    }
  }

  /** JSON text, a batch of lines at a time: one log per line, readable, and import errors point at it. */
  private async *jsonLines(em: EntityManager, userId: number): AsyncGenerator<string[]> {
    const head = { format: JSON_FORMAT_NAME, version: JSON_FORMAT_VERSION, exportedAt: new Date().toISOString() };
    yield [`${JSON.stringify(head).slice(0, -1)},"trackers":[`];
    let firstTracker = true;
    for await (const { tracker, batches } of this.trackersWithLogs(em, userId)) {
      yield [`${firstTracker ? '' : ','}\n${JSON.stringify(trackerHeader(tracker)).slice(0, -1)},"logs":[`];
      firstTracker = false;
      let firstLog = true;
      for await (const batch of batches) {
        yield batch.map((log, i) => `${firstLog && i === 0 ? '' : ','}\n${JSON.stringify(jsonLog(log))}`);
        firstLog = false;
      }
      yield [firstLog ? ']}' : '\n]}'];
    }
    yield ['\n]}\n'];
  }
}
