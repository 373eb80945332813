import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailTemplate } from './mail-templates';

/** The shared layouts, next to this file in src and in dist alike (nest-cli copies them as assets). */
const LAYOUT_DIR = join(__dirname, 'templates');

export interface RenderedMail {
  html: string;
  text: string;
}

type Compiled = Handlebars.TemplateDelegate<Record<string, unknown>>;

/**
 * Renders each mail twice from Handlebars templates: HTML (values escaped) inside the shared
 * `layout.html.hbs`, and plain text (nothing escaped: it is not markup) inside `layout.text.hbs`.
 * A template is compiled when its composer registers (at startup), so a missing or broken file
 * stops the worker at boot instead of failing jobs later. `strict` makes a missing variable an
 * error, not a blank.
 */
@Injectable()
export class MailRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly html = new Map<MailTemplate, Compiled>();
  private readonly text = new Map<MailTemplate, Compiled>();
  private readonly htmlLayout: Compiled;
  private readonly textLayout: Compiled;

  constructor() {
    this.htmlLayout = this.compile(LAYOUT_DIR, 'layout.html.hbs', false);
    this.textLayout = this.compile(LAYOUT_DIR, 'layout.text.hbs', true);
  }

  /** Compiles `<template>.html.hbs` and `<template>.text.hbs` from `dir`. */
  load(template: MailTemplate, dir: string): void {
    this.html.set(template, this.compile(dir, `${template}.html.hbs`, false));
    this.text.set(template, this.compile(dir, `${template}.text.hbs`, true));
  }

  render(template: MailTemplate, mailContext: Record<string, unknown>): RenderedMail {
    // The layout's footer links to the settings and to unsubscribe when the composer gives them.
    const context = { settingsUrl: null, unsubscribeUrl: null, ...mailContext };
    const html = this.html.get(template);
    const text = this.text.get(template);
    if (!html || !text) throw new Error(`Mail template "${template}" was never loaded`);
    const htmlBody = html(context);
    const textBody = text(context);
    return {
      html: this.htmlLayout({ ...context, body: new this.handlebars.SafeString(htmlBody) }),
      text: this.textLayout({ ...context, body: textBody }),
    };
  }

  private compile(dir: string, file: string, plainText: boolean): Compiled {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`Mail template file is missing: ${path}`);
    const source = readFileSync(path, 'utf8');
    this.handlebars.parse(source); // compile() is lazy: parse now so syntax errors surface at boot
    return this.handlebars.compile<Record<string, unknown>>(source, { strict: true, noEscape: plainText });
  }
}
