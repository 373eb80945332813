import { inject, Injectable } from '@angular/core';
import type { Schema } from '@tally/contracts';
import { catchError, map, Observable, of, startWith, timeout } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { ApiProblem, toApiProblem } from '../api/api-error';

/** `GET /api/v1/health` when MySQL and Redis both answer. */
export type HealthReport = Schema<'HealthReportDto'>;

export type HealthState =
  | { kind: 'loading' }
  | { kind: 'healthy'; checks: string[]; checkedAt: Date }
  | { kind: 'unavailable'; problem: ApiProblem; checkedAt: Date };

export const HEALTH_LOADING: HealthState = { kind: 'loading' };

/** The server gives up on MySQL/Redis after 1.5 s; anything much slower means the API itself is stuck. */
const TIMEOUT_MS = 10_000;

@Injectable({ providedIn: 'root' })
export class HealthService {
  private readonly api = inject(ApiClient);

  report(): Observable<HealthReport> {
    return this.api.get('/api/v1/health').pipe(timeout(TIMEOUT_MS));
  }

  /** One check as UI state: loading first, then healthy or unavailable. Never errors. */
  state(): Observable<HealthState> {
    return this.report().pipe(
      map((report): HealthState => ({ kind: 'healthy', checks: Object.keys(report.checks), checkedAt: new Date() })),
      catchError((error: unknown) =>
        of<HealthState>({ kind: 'unavailable', problem: toApiProblem(error), checkedAt: new Date() }),
      ),
      startWith(HEALTH_LOADING),
    );
  }
}
