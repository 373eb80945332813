import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IconComponent, IconName } from '../../components/icon/icon.component';
import { PublicShellComponent } from '../../components/public-shell/public-shell.component';

interface Feature {
  icon: IconName;
  title: string;
  text: string;
}

/** `/` for visitors: what Tally is, and the way in. Signed-in people go straight to the dashboard. */
@Component({
  selector: 'app-home-page',
  imports: [PublicShellComponent, RouterLink, IconComponent],
  templateUrl: './home.page.html',
  styleUrl: './home.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  protected readonly features: Feature[] = [
    {
      icon: 'hash',
      title: 'Numbers and notes',
      text: 'Track anything you can count, in its own unit, or keep a journal. Every entry can say how you felt.',
    },
    {
      icon: 'chart',
      title: 'Charts that answer questions',
      text: 'From the last 7 days to all time, by day, week or month, with streaks, totals, averages and moods.',
    },
    {
      icon: 'bell',
      title: 'Gentle reminders',
      text: 'A daily or weekly nudge at the hour you choose, only if you have not logged yet, and one-off reminders.',
    },
    {
      icon: 'report',
      title: 'A monthly report',
      text: 'On the 1st, last month against the month before, by email or as a PDF, and every past month in the app.',
    },
    {
      icon: 'download',
      title: 'Your data, your server',
      text: 'Self-hosted. Export everything as CSV or JSON and import it again. A documented API with personal tokens.',
    },
    {
      icon: 'shield',
      title: 'Private by design',
      text: 'Two-factor sign-in, control over every session, no ads, no tracking. On your phone, installable, dark mode.',
    },
  ];

  /** The preview card's fortnight of bars (fixed: an illustration, not data). */
  protected readonly preview = [3, 5, 0, 4, 6, 5, 7, 0, 5, 8, 6, 7, 9, 8].map((value, i) => ({
    x: i * 14,
    height: value === 0 ? 3 : value * 5,
    today: i === 13,
  }));
}
