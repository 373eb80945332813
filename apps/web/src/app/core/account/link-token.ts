import { Location } from '@angular/common';
import { inject } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { ONE_TIME_TOKEN_PATTERN } from '@tally/contracts';

/** What an account email's link (`/page#token=…`) brought: a token, nothing, or a cut-off one. */
export type LinkToken = { kind: 'present'; token: string } | { kind: 'missing' } | { kind: 'incomplete' };

/**
 * Reads the token from the URL fragment and removes the fragment from the address bar, so the
 * token is not left in the history, bookmarks or a shared screenshot. Fragments never reach the
 * server; the token is sent only in the body of the API call. Call it in an injection context.
 */
export function takeLinkToken(): LinkToken {
  const fragment = inject(ActivatedRoute).snapshot.fragment;
  if (fragment === null) return { kind: 'missing' };

  const location = inject(Location);
  // The router's history state (navigation ids) is kept; only the visible address changes.
  location.replaceState(location.path(false), '', location.getState());

  const token = new URLSearchParams(fragment).get('token')?.trim() ?? '';
  if (token === '') return { kind: 'missing' };
  return ONE_TIME_TOKEN_PATTERN.test(token) ? { kind: 'present', token } : { kind: 'incomplete' };
}
