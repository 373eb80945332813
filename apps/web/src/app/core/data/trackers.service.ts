import { inject, Injectable } from '@angular/core';
import type { Schema } from '@tally/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { BucketSize, Log, Stats, Tracker } from './models';

/** Trackers, their logs and statistics (`/api/v1/trackers…`). */
@Injectable({ providedIn: 'root' })
export class TrackersService {
  private readonly api = inject(ApiClient);

  list(cursor?: string): Observable<Schema<'TrackerListDto'>> {
    return this.api.get('/api/v1/trackers', { query: { limit: 200, cursor } });
  }

  get(id: number): Observable<Tracker> {
    return this.api.get('/api/v1/trackers/{id}', { path: { id } });
  }

  create(body: Schema<'CreateTrackerDto'>): Observable<Tracker> {
    return this.api.post('/api/v1/trackers', { body });
  }

  update(id: number, body: Schema<'UpdateTrackerDto'>): Observable<Tracker> {
    return this.api.patch('/api/v1/trackers/{id}', { path: { id }, body });
  }

  remove(id: number): Observable<void> {
    return this.api.delete('/api/v1/trackers/{id}', { path: { id } });
  }

  /** `from`/`to`: ISO instants or local dates (`YYYY-MM-DD`, in the user's zone); left out, all time. */
  stats(id: number, bucket: BucketSize, from?: string, to?: string): Observable<Stats> {
    return this.api.get('/api/v1/trackers/{id}/stats', { path: { id }, query: { bucket, from, to } });
  }

  logs(id: number, cursor?: string | null, limit = 25): Observable<Schema<'LogListDto'>> {
    return this.api.get('/api/v1/trackers/{id}/logs', { path: { id }, query: { limit, cursor: cursor ?? undefined } });
  }

  addLog(id: number, body: Schema<'CreateLogDto'>): Observable<Log> {
    return this.api.post('/api/v1/trackers/{id}/logs', { path: { id }, body });
  }

  updateLog(id: number, logId: number, body: Schema<'UpdateLogDto'>): Observable<Log> {
    return this.api.patch('/api/v1/trackers/{id}/logs/{logId}', { path: { id, logId }, body });
  }

  removeLog(id: number, logId: number): Observable<void> {
    return this.api.delete('/api/v1/trackers/{id}/logs/{logId}', { path: { id, logId } });
  }
}
