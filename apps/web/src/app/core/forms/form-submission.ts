import { afterNextRender, ElementRef, inject, Injector, signal } from '@angular/core';
import type { AbstractControl, FormGroup } from '@angular/forms';
import { ApiProblem, problemMessage } from '../api/api-error';

/**
 * The state a page keeps around a form it sends to the API: whether the user tried to submit
 * (inline errors show from then on, or once a field is left), whether a request is running, and
 * what went wrong. Create it in an injection context (a component field).
 */
export class FormSubmission {
  readonly submitted = signal(false);
  readonly busy = signal(false);
  /** What went wrong, when it belongs to no field: network down, throttled, server error. */
  readonly problem = signal<string | null>(null);

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);

  constructor(private readonly form: FormGroup) {}

  /** True when the form may be sent now; otherwise shows every error and focuses the first bad field. */
  start(): boolean {
    if (this.busy()) return false;
    this.submitted.set(true);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return false;
    }
    this.problem.set(null);
    this.busy.set(true);
    return true;
  }

  /** The request ended well. */
  succeed(): void {
    this.busy.set(false);
  }

  /**
   * The request failed: errors the API names a field for go under that field (until it is
   * edited), anything else to `problem`.
   */
  fail(problem: ApiProblem): void {
    this.busy.set(false);
    let placed = false;
    for (const detail of problem.details) {
      const control = this.form.get(detail.field);
      if (!control) continue;
      control.setErrors({ ...control.errors, server: detail.message });
      control.markAsTouched();
      placed = true;
    }
    this.problem.set(placed ? null : problemMessage(problem));
    if (placed) this.focusFirstInvalid();
  }

  /** Whether a control's error is shown: after the field was left, or after a submit attempt. */
  shows(control: AbstractControl): boolean {
    return control.invalid && (control.touched || this.submitted());
  }

  private focusFirstInvalid(): void {
    afterNextRender(() => this.host.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), {
      injector: this.injector,
    });
  }
}
