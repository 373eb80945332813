import type { OpenAPIObject } from '@nestjs/swagger';
import {
  baseType,
  checkAnswer,
  checkOffDocument,
  excerpt,
  isJson,
  OpenApiValidator,
  parseJson,
} from '../contract-check';
import type { Operation } from '../openapi';

/** What must never reach a client: traces, server paths, SQL and driver errors. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack trace', /\n\s+at \S|\bat (?:async )?[\w$.<>[\]]+ \([^)]*:\d+:\d+\)/],
  // `\b` first: an unanchored `[\w.-]+\.ts` backtracks quadratically over a long run of letters (a
  // 140 KB echoed cell held the event loop for 70 s).
  ['a server file path', /\/work\/|\/home\/|\/usr\/(?:src|lib)|node_modules|\b[\w-]+\.(?:ts|js|mjs|cjs):\d+/],
  [
    'SQL or a driver error',
    /\b(?:select|insert into|update|delete from)\s+`|`t\d+`\.|\bER_[A-Z_]{3,}\b|sql syntax|sqlMessage|sqlState|\berrno\b|Duplicate entry|Incorrect (?:string|integer|decimal|datetime) value|Data too long for column|Out of range value|Deadlock found|Lock wait timeout/i,
  ],
  ['an internal error class', /\b(?:TypeError|RangeError|ReferenceError|DriverException|QueryFailedError)\b/],
];

export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/**
 * Checks responses against the spec: status documented, body valid for its media type under OpenAPI
 * 3.0's own rules (OpenApiValidator: openapi-schema-to-json-schema + ajv, not the generator), the
 * rate-limit headers documented both ways, nothing leaked.
 */
export class ResponseChecker {
  private readonly validator: OpenApiValidator;

  constructor(
    spec: OpenAPIObject,
    /** Text the requests may have stored (injection samples): echoing it back as data is no leak. */
    private readonly echoable: readonly string[],
  ) {
    this.validator = new OpenApiValidator(spec);
  }

  /** Problems with one answer to an operation of the spec (empty when it is fine). */
  check(op: Operation, exchange: Exchange): string[] {
    return [...this.common(exchange), ...checkAnswer(this.validator, op, exchange)];
  }

  /** Problems with an answer to a request outside the spec (unknown route or method). */
  checkOffSpec(exchange: Exchange): string[] {
    return [...this.common(exchange), ...checkOffDocument(this.validator, exchange)];
  }

  private common(exchange: Exchange): string[] {
    const problems: string[] = [];
    if (exchange.status >= 500) problems.push(`answered ${exchange.status}`);
    let text = exchange.body;
    for (const fragment of this.echoable) {
      for (const form of [fragment, JSON.stringify(fragment).slice(1, -1), fragment.replace(/"/g, '""')])
        text = text.split(form).join(' ');
    }
    for (const [what, pattern] of LEAKS) {
      const match = pattern.exec(text);
      if (match) problems.push(`the body leaks ${what} ("${match[0]}"): ${excerpt(exchange.body)}`);
    }
    if (exchange.status >= 400 && exchange.body.length && isJson(baseType(exchange.headers['content-type']))) {
      const parsed = parseJson(exchange.body) as { statusCode?: unknown } | undefined;
      if (parsed?.statusCode !== exchange.status)
        problems.push(`statusCode in the body is not the HTTP status ${exchange.status}: ${excerpt(exchange.body)}`);
    }
    return problems;
  }
}

export { excerpt };
