import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { EChartsOption } from 'echarts';
import { Theme } from '../core/ui/theme';
import { ChartPalette, DARK_PALETTE, LIGHT_PALETTE } from './chart-palette';

type Engine = typeof import('./echarts-runtime').echarts;
type Instance = ReturnType<Engine['init']>;

/** Builds the chart for a palette, so it can be drawn again when the theme changes. */
export type ChartBuilder = (palette: ChartPalette) => EChartsOption;

/**
 * One ECharts chart (SVG). ECharts itself is imported when the first chart appears, as its own
 * chunk. The chart is an image to assistive technology, named by `label` (a sentence saying what
 * it shows); the numbers are in the page's table too. Size it with CSS on the host.
 */
@Component({
  selector: 'app-chart',
  template: `
    <div #canvas class="canvas" role="img" [attr.aria-label]="label()"></div>
    @if (!drawn()) {
      <div class="skeleton placeholder" aria-hidden="true"></div>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: block;
      min-height: 2rem;
    }
    .canvas,
    .placeholder {
      position: absolute;
      inset: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChartComponent {
  readonly build = input.required<ChartBuilder>();
  readonly label = input.required<string>();

  protected readonly drawn = signal(false);
  private readonly canvas = viewChild.required<ElementRef<HTMLDivElement>>('canvas');
  private readonly theme = inject(Theme);
  private readonly engine = signal<Engine | null>(null);
  private chart: Instance | null = null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    let destroyed = false;
    let observer: ResizeObserver | null = null;
    destroyRef.onDestroy(() => {
      destroyed = true;
      observer?.disconnect();
      this.chart?.dispose();
    });

    afterNextRender(() => {
      void import('./echarts-runtime').then(({ echarts }) => {
        if (destroyed) return;
        const element = this.canvas().nativeElement;
        this.chart = echarts.init(element, null, { renderer: 'svg' });
        observer = new ResizeObserver(() => this.chart?.resize());
        observer.observe(element);
        this.engine.set(echarts);
      });
    });

    effect(() => {
      const build = this.build();
      const palette = this.theme.dark() ? DARK_PALETTE : LIGHT_PALETTE;
      if (!this.engine() || !this.chart) return;
      this.chart.setOption(build(palette), { notMerge: true });
      // The host element is the image, named by `label`; the drawing inside is not read out.
      this.canvas().nativeElement.querySelector('svg')?.setAttribute('aria-hidden', 'true');
      this.drawn.set(true);
    });
  }
}
