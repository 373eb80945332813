import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/mysql';
import type { User } from '../database/entities';
import { MAIL_TEMPLATES, MailTemplate, MailTemplateData } from './mail-templates';

export interface ComposedMail {
  subject: string;
  /** Variables for the template, besides the ones every mail gets (`username`, `appUrl`). */
  context: Record<string, unknown>;
}

export interface MailComposeInput<T extends MailTemplate> {
  /** A fresh unit of work for this one mail (e.g. to issue a one-time token). */
  em: EntityManager;
  user: User;
  data: MailTemplateData[T];
}

/** Builds one kind of mail at send time, from the recipient's current state. */
export interface MailComposer<T extends MailTemplate = MailTemplate> {
  /**
   * Mail goes to confirmed addresses only (product.md §3); confirmation and reset mails set this,
   * since they are how an address gets confirmed or an account recovered.
   */
  allowUnconfirmed?: boolean;
  /** Returns null to skip the mail (e.g. the address was confirmed in the meantime). */
  compose(input: MailComposeInput<T>): Promise<ComposedMail | null>;
}

/**
 * Which composer builds which template. Domain modules register theirs at startup (libs never
 * import each other's internals; the mail path only knows this registry).
 */
@Injectable()
export class MailComposers {
  private readonly composers = new Map<MailTemplate, MailComposer>();

  register<T extends MailTemplate>(template: T, composer: MailComposer<T>): void {
    if (this.composers.has(template)) throw new Error(`Mail template "${template}" has two composers`);
    this.composers.set(template, composer as unknown as MailComposer);
  }

  get(template: MailTemplate): MailComposer {
    const composer = this.composers.get(template);
    if (!composer) throw new Error(`Mail template "${template}" has no composer`);
    return composer;
  }

  /** Templates nobody registered a composer for (the worker checks this at boot). */
  missing(): MailTemplate[] {
    return MAIL_TEMPLATES.filter((template) => !this.composers.has(template));
  }
}
