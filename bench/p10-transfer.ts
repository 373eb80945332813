import { DataExportService, DataImportService, LogsModule, Emotion } from '@tally/logs';
import { seededRandom } from '@tally/platform';
import { TrackersModule } from '@tally/trackers';
import { performance } from 'node:perf_hooks';
import { benchConfig, createBenchContext, rawConnection } from './context';
import { ensureDataset } from './generate';
import { peakRss, retainedHeap } from './measure';

export interface P10Result {
  id: 'P10';
  importRows: number;
  importMb: number;
  importSeconds: number;
  rawInsertSeconds: number;
  exports: Array<{
    format: 'csv' | 'json';
    logs: number;
    seconds: number;
    mb: number;
    rssBeforeMb: number;
    rssPeakMb: number;
  }>;
  /** Live heap during a CSV export with a full GC every 250 ms (before, peak). */
  retainedHeapMb: { beforeMb: number; peakMb: number } | null;
}

const IMPORT_ROWS = 100_000;
const IMPORT_TRACKERS = 10;
const seconds = (ms: number) => Math.round(ms / 10) / 100;

export function importCsv(): string {
  const random = seededRandom(10);
  const emotions = [...Object.values(Emotion), ''];
  const lines = ['tracker,trackerType,trackerUnit,loggedAt,value,description,emotion'];
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const tracker = `Imported ${i % IMPORT_TRACKERS}`;
    const at = new Date(start + i * 300_000).toISOString();
    const value = (random() * 1000).toFixed(2);
    const note = random() < 0.1 ? `"note ${i}, with a comma"` : '';
    lines.push(`${tracker},numerical,km,${at},${value},${note},${emotions[i % emotions.length]}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * P10: importing a 100,000-row CSV through DataImportService (parse, check, one transaction,
 * rollups) against raw multi-row INSERTs of the same rows (the database's floor), and streaming
 * the 1,000,000-log account out as CSV and JSON with the process's peak RSS.
 */
export async function benchTransfer(): Promise<P10Result> {
  const dataset = await ensureDataset();
  const config = benchConfig();
  const context = await createBenchContext(config, [TrackersModule, LogsModule]);
  const db = await rawConnection(config);
  try {
    const exports: P10Result['exports'] = [];
    for (const format of ['csv', 'json'] as const) {
      const exporter = context.get(DataExportService);
      const started = performance.now();
      const {
        result: bytes,
        peakMb,
        beforeMb,
      } = await peakRss(async () => {
        let total = 0;
        for await (const chunk of exporter.chunks(dataset.millionUserId, format)) total += Buffer.byteLength(chunk);
        return total;
      });
      const elapsed = performance.now() - started;
      exports.push({
        format,
        logs: 1_000_000,
        seconds: seconds(elapsed),
        mb: Math.round(bytes / 1024 / 1024),
        rssBeforeMb: beforeMb,
        rssPeakMb: peakMb,
      });
      process.stderr.write(
        `P10 export ${format}: 1,000,000 logs, ${Math.round(bytes / 1024 / 1024)} MB in ${seconds(elapsed)} s; ` +
          `RSS ${beforeMb} MB before, peak ${peakMb} MB\n`,
      );
    }

    const exporter = context.get(DataExportService);
    const retainedHeapMb = await retainedHeap(async () => {
      for await (const chunk of exporter.chunks(dataset.millionUserId, 'csv')) void chunk;
    });
    if (retainedHeapMb) {
      process.stderr.write(
        `P10 export csv with a full GC every 250 ms: live heap ${retainedHeapMb.beforeMb} MB before, at most ${retainedHeapMb.peakMb} MB\n`,
      );
    }

    const csv = importCsv();
    const newUser = async (name: string) => {
      await db.query('DELETE FROM users WHERE username = ?', [name]);
      const [result] = (await db.query(
        `INSERT INTO users (created_at, updated_at, username, email, password) VALUES (NOW(3), NOW(3), ?, ?, 'x')`,
        [name, `${name}@bench.test`],
      )) as unknown as [{ insertId: number }];
      return result.insertId;
    };
    const importUser = await newUser('bench_import');
    const importer = context.get(DataImportService);
    const started = performance.now();
    const result = await context.run(() =>
      importer.import(importUser, { content: Buffer.from(csv), filename: 'bench.csv' }, { dryRun: false }),
    );
    const importMs = performance.now() - started;
    if (result.logsImported !== IMPORT_ROWS) throw new Error(`Imported ${result.logsImported} rows`);
    process.stderr.write(`P10 import: ${IMPORT_ROWS.toLocaleString('en')} CSV rows in ${seconds(importMs)} s\n`);

    // Baseline: the same rows as raw multi-row INSERTs in one transaction, no parsing, checks or rollups.
    const rawUser = await newUser('bench_raw_insert');
    const trackerIds: number[] = [];
    for (let t = 0; t < IMPORT_TRACKERS; t++) {
      const [res] = (await db.query(
        `INSERT INTO trackers (created_at, updated_at, user_id, name, type) VALUES (NOW(3), NOW(3), ?, ?, 'numerical')`,
        [rawUser, `Raw ${t}`],
      )) as unknown as [{ insertId: number }];
      trackerIds.push(res.insertId);
    }
    const rows = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line, i) => {
        const [, , , at, value] = line.split(',');
        const time = at!.replace('T', ' ').replace('Z', '');
        return [time, time, trackerIds[i % IMPORT_TRACKERS], time, value];
      });
    const rawStart = performance.now();
    await db.beginTransaction();
    for (let i = 0; i < rows.length; i += 1_000) {
      await db.query('INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value) VALUES ?', [
        rows.slice(i, i + 1_000),
      ]);
    }
    await db.commit();
    const rawMs = performance.now() - rawStart;
    process.stderr.write(`P10 baseline, raw INSERTs of the same rows: ${seconds(rawMs)} s\n`);
    await db.query('DELETE FROM users WHERE username IN (?, ?)', ['bench_import', 'bench_raw_insert']);

    return {
      id: 'P10',
      importRows: IMPORT_ROWS,
      importMb: Math.round((Buffer.byteLength(csv) / 1024 / 1024) * 10) / 10,
      importSeconds: seconds(importMs),
      rawInsertSeconds: seconds(rawMs),
      exports,
      retainedHeapMb,
    };
  } finally {
    await db.end();
    await context.close();
  }
}
