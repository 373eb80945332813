import { ArgumentMetadata, Type as ClassType } from '@nestjs/common';
import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ConflictError, NotFoundError, RuleViolationError, TooManyRequestsError } from './domain.error';
import { HttpErrorFilter } from './http-error.filter';
import { createValidationPipe, ValidationFailedException } from './validation';

class Inner {
  @IsInt()
  @Min(1)
  count!: number;
}

class Body {
  @IsString()
  @MaxLength(5)
  name!: string;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: Body };

async function validationError(value: unknown): Promise<ValidationFailedException> {
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    return error as ValidationFailedException;
  }
  throw new Error('expected validation to fail');
}

describe('the global validation pipe', () => {
  it('rejects unknown fields, naming them', async () => {
    const error = await validationError({ name: 'ok', inner: { count: 1 }, admin: true });
    expect(error).toBeInstanceOf(ValidationFailedException);
    expect(error.details).toEqual([{ field: 'admin', message: 'admin is not an accepted field' }]);
  });

  it('reports nested fields with their path and one message per field', async () => {
    const error = await validationError({ name: 'too long', inner: { count: 0 } });
    expect(error.details).toEqual([
      { field: 'name', message: 'name must be shorter than or equal to 5 characters' },
      { field: 'inner.count', message: 'count must not be less than 1' },
    ]);
    expect(error.message).toBe('name must be shorter than or equal to 5 characters; count must not be less than 1');
  });

  it('converts known fields to their declared types', async () => {
    const value = await createValidationPipe().transform({ name: 'ok', inner: { count: 3 } }, metadata);
    expect(value).toBeInstanceOf(Body);
  });
});

describe('empty queries', () => {
  class Query {
    @IsOptional()
    @IsInt()
    limit?: number;

    @IsInt()
    page = 1;
  }

  class Required {
    @IsString()
    q!: string;
  }

  const query = (metatype: ClassType): ArgumentMetadata => ({ type: 'query', metatype, data: '' });

  it('are checked once per DTO and answered with a fresh copy each time', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({}, query(Query))) as Query;
    const second = (await pipe.transform(Object.create(null), query(Query))) as Query;
    expect(first).toBeInstanceOf(Query);
    expect(second).toBeInstanceOf(Query);
    expect(second).toEqual({ page: 1 });
    expect(second).not.toBe(first);
    first.page = 99;
    expect(await pipe.transform({}, query(Query))).toEqual({ page: 1 });
    // A non-empty query still goes through the full check.
    await expect(pipe.transform({ limit: 'x' }, query(Query))).rejects.toBeInstanceOf(ValidationFailedException);
  });

  it('that a DTO rejects are rejected every time', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({}, query(Required))).rejects.toBeInstanceOf(ValidationFailedException);
    }
  });
});

describe('HttpErrorFilter', () => {
  function render(exception: unknown) {
    const sent: { status?: number; body?: unknown; headers?: Record<string, string> } = {};
    const reply = {
      status: (status: number) => ((sent.status = status), reply),
      send: (body: unknown) => ((sent.body = body), reply),
      headers: (headers: Record<string, string>) => ((sent.headers = headers), reply),
    };
    const host = { switchToHttp: () => ({ getResponse: () => reply }) };
    const filter = new HttpErrorFilter();
    (filter as unknown as { logger: { error: () => void; warn: () => void } }).logger = {
      error: () => undefined,
      warn: () => undefined,
    };
    filter.catch(exception, host as never);
    return sent;
  }

  it.each([
    [new NotFoundError('Tracker 5 not found'), 404, 'Not Found'],
    [new ConflictError('A tracker with this name exists'), 409, 'Conflict'],
    [new RuleViolationError('type cannot change once the tracker has logs'), 422, 'Unprocessable Entity'],
  ])('maps %p to its status', (error, status, label) => {
    expect(render(error)).toMatchObject({ status, body: { statusCode: status, error: label, message: error.message } });
  });

  it('adds Retry-After to 429', () => {
    expect(render(new TooManyRequestsError('Slow down', 30))).toMatchObject({
      status: 429,
      headers: { 'retry-after': '30' },
    });
  });

  it('turns a unique-key violation into 409 without leaking SQL', () => {
    const sent = render(
      new UniqueConstraintViolationException(new Error("Duplicate entry 'x' for key 'users_email_unique'")),
    );
    expect(sent.status).toBe(409);
    expect(JSON.stringify(sent.body)).not.toMatch(/Duplicate entry|users_email_unique/);
  });

  it('turns a lost database connection into 503 with Retry-After', () => {
    expect(render(new ConnectionException(new Error('connect ECONNREFUSED')))).toMatchObject({
      status: 503,
      headers: { 'retry-after': '5' },
    });
  });

  it.each([
    Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
    }),
    Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
      name: 'KnexTimeoutError',
    }),
    Object.assign(new Error('Server shutdown in progress'), { code: 'ER_SERVER_SHUTDOWN' }),
  ])('turns MariaDB going away mid-request (%s) into 503 (R6)', (error) => {
    expect(render(error)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
  });

  it.each([
    "Stream isn't writeable and enableOfflineQueue options is false",
    'Command timed out',
    'Connection is closed.',
  ])('turns Redis being away ("%s") into 503 with a clear message, not 500 (R10)', (message) => {
    expect(render(new Error(message))).toMatchObject({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { message: expect.stringMatching(/temporarily unavailable.*retry/) },
    });
  });

  it('never leaks an unexpected error: bare 500', () => {
    const sent = render(new Error("ER_PARSE_ERROR: You have an error in your SQL syntax near 'DROP TABLE'"));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side; it has been logged',
    });
  });

  it('maps Fastify body errors (e.g. a body too large) to their 4xx', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(render(error)).toMatchObject({ status: 413, body: { message: 'The request body is too large' } });
  });
});
