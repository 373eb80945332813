import { Injectable, signal } from '@angular/core';

export type ToastTone = 'ok' | 'info' | 'problem';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: { label: string; run: () => void };
}

/**
 * Short confirmations ("Logged 5 km") and failures that belong to no form. The outlet announces
 * them politely (problems assertively) and removes them after a while; a toast with an action
 * stays longer, so there is time to reach its button.
 */
@Injectable({ providedIn: 'root' })
export class Toasts {
  readonly items = signal<Toast[]>([]);
  private next = 1;

  show(message: string, tone: ToastTone = 'ok', action?: Toast['action']): number {
    const id = this.next++;
    this.items.update((items) => [...items.slice(-2), { id, tone, message, action }]);
    setTimeout(() => this.dismiss(id), action || tone === 'problem' ? 8_000 : 4_500);
    return id;
  }

  problem(message: string): number {
    return this.show(message, 'problem');
  }

  dismiss(id: number): void {
    this.items.update((items) => items.filter((toast) => toast.id !== id));
  }
}
