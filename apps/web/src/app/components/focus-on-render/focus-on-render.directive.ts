import { afterNextRender, booleanAttribute, Directive, ElementRef, inject, input } from '@angular/core';

/**
 * Moves keyboard and screen-reader focus to the element once it is rendered: put it on the
 * heading of a result that replaces what the user was looking at, so they land on the news.
 * `[appFocusOnRender]="false"` leaves focus where it is.
 */
@Directive({
  selector: '[appFocusOnRender]',
  host: { '[attr.tabindex]': 'enabled() ? -1 : null', '[class.focus-target]': 'enabled()' },
})
export class FocusOnRenderDirective {
  readonly enabled = input(true, { alias: 'appFocusOnRender', transform: booleanAttribute });

  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender({
      write: () => {
        if (this.enabled()) element.focus();
      },
    });
  }
}
