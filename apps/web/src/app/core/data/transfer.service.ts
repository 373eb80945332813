import { HttpEvent, HttpEventType } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Schema } from '@tally/contracts';
import { filter, map, Observable } from 'rxjs';
import { ApiClient } from '../api/api-client';

export type ExportFormat = 'csv' | 'json';
export type ImportResult = Schema<'ImportResultDto'>;

/** Where a long transfer is: a fraction (null when the size is unknown), then the outcome. */
export type Transfer<T> = { kind: 'progress'; loaded: number; fraction: number | null } | { kind: 'done'; value: T };

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** Export and import (`/api/v1/export`, `/api/v1/import`), with progress for the page's bar. */
@Injectable({ providedIn: 'root' })
export class TransferService {
  private readonly api = inject(ApiClient);

  export(format: ExportFormat): Observable<Transfer<DownloadedFile>> {
    return this.api.download('/api/v1/export', { query: { format } }).pipe(
      map((event): Transfer<DownloadedFile> | null => {
        if (event.type === HttpEventType.DownloadProgress) return progress(event.loaded, event.total);
        if (event.type === HttpEventType.Response && event.body) {
          const fallback = `tally-export-${new Date().toISOString().slice(0, 10)}.${format}`;
          return {
            kind: 'done',
            value: { blob: event.body, filename: filenameOf(event.headers.get('Content-Disposition')) ?? fallback },
          };
        }
        return null;
      }),
      skipNulls(),
    );
  }

  import(file: File, dryRun: boolean): Observable<Transfer<ImportResult>> {
    return this.api.upload('/api/v1/import', { file: [file, file.name] }, { query: { dryRun } }).pipe(
      map((event: HttpEvent<ImportResult>): Transfer<ImportResult> | null => {
        if (event.type === HttpEventType.UploadProgress) return progress(event.loaded, event.total);
        if (event.type === HttpEventType.Response && event.body) return { kind: 'done', value: event.body };
        return null;
      }),
      skipNulls(),
    );
  }
}

function progress(loaded: number, total: number | undefined): Transfer<never> {
  return { kind: 'progress', loaded, fraction: total ? Math.min(1, loaded / total) : null };
}

function skipNulls<T>() {
  return filter((value: T | null): value is T => value !== null);
}

/** `attachment; filename="tally-export-2026-12-03.csv"` → the file name. */
export function filenameOf(disposition: string | null): string | null {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return match ? decodeURIComponent(match[1]!) : null;
}

/** Hands a Blob to the browser as a download. */
export function saveFile(file: DownloadedFile, document: Document): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
