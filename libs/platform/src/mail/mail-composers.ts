import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/mysql';
import { MAIL_TEMPLATES, MailTemplate, MailTemplateData } from './mail-templates';
import { MailRenderer, RenderedMail } from './mail-renderer.service';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for an image the HTML shows inline (`<img src="cid:…">`). */
  cid?: string;
}

export interface ComposedMail {
  subject: string;
  /** Variables for the template, besides the ones every mail gets (`username`, `appUrl`). */
  context: Record<string, unknown>;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
  /**
   * The whole mail, HTML and text, when the composer renders it itself (a report that is its own
   * document): then the templates and the shared layout are not used, and the composer's HTML must
   * carry the footer links itself.
   */
  rendered?: RenderedMail;
  /** Runs once the SMTP server has accepted the mail, e.g. to record that it went out. */
  delivered?: () => Promise<void>;
}

/** What a composer knows of the recipient: the user, as the lib that owns users loads it. */
export interface MailRecipient {
  id: number;
  username: string;
  email: string;
  timezone: string;
  confirmedAt: Date | null;
}

export interface MailComposeInput<T extends MailTemplate> {
  /** The job's unit of work (e.g. to issue a one-time token). */
  em: EntityManager;
  user: MailRecipient;
  data: MailTemplateData[T];
}

/** Builds one kind of mail at send time, from the recipient's current state. */
export interface MailComposer<T extends MailTemplate = MailTemplate> {
  /**
   * The folder holding `<template>.html.hbs` and `<template>.text.hbs`: the domain lib that composes
   * a mail owns its words.
   */
  templateDir: string;
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
 * import each other's internals; the mail path only knows this registry). Registering compiles the
 * composer's templates, so a missing or broken file stops the worker at boot.
 */
@Injectable()
export class MailComposers {
  private readonly composers = new Map<MailTemplate, MailComposer>();

  constructor(private readonly renderer: MailRenderer) {}

  register<T extends MailTemplate>(template: T, composer: MailComposer<T>): void {
    if (this.composers.has(template)) throw new Error(`Mail template "${template}" has two composers`);
    this.renderer.load(template, composer.templateDir);
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
