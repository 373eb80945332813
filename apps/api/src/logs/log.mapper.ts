import type { LogView } from '@tally/logs';
import type { Page } from '@tally/platform';
import type { LogDto, LogListDto } from './log.dto';

export function toLogDto(view: LogView): LogDto {
  return {
    id: view.id,
    trackerId: view.trackerId,
    loggedAt: view.loggedAt,
    value: view.value,
    description: view.description,
    emotion: view.emotion,
    reminderMessage: view.reminderMessage,
    reminderAt: view.reminderAt,
    reminderSentAt: view.reminderSentAt,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

export function toLogListDto(page: Page<LogView>): LogListDto {
  return { items: page.items.map(toLogDto), nextCursor: page.nextCursor };
}
