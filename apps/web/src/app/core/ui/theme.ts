import { DOCUMENT, inject, Injectable, signal } from '@angular/core';

/** Whether the system asks for dark colours; follows changes while the page is open. */
@Injectable({ providedIn: 'root' })
export class Theme {
  readonly dark = signal(false);

  constructor() {
    const query = inject(DOCUMENT).defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    this.dark.set(query.matches);
    query.addEventListener('change', (event) => this.dark.set(event.matches));
  }
}
