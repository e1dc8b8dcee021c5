import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { problemDocument } from './problem-document.js';
import { ProblemError } from './problem-error.js';
import { problemFromError } from './problem-from-error.js';

const fastifyError = (code: string, statusCode: number, message = 'fastify says no') =>
  Object.assign(new Error(message), { name: 'FastifyError', code, statusCode });

const internal = { status: 500, code: 'internal', detail: 'internal server error', serverFault: true };

describe('problemFromError', () => {
  it('keeps a ProblemError as thrown', () => {
    expect(
      problemFromError(new ProblemError(422, 'unsatisfiable', 'no version of a/b matches ^2', { conflicts: ['a/b'] })),
    ).toEqual({
      status: 422,
      code: 'unsatisfiable',
      detail: 'no version of a/b matches ^2',
      extra: { conflicts: ['a/b'] },
      serverFault: false,
    });
  });

  it('accepts a ProblemError from another copy of the module, and refuses a non-error status', () => {
    expect(problemFromError({ type: 'problem', status: 404, code: 'unknown_key', detail: 'no key k1' })).toMatchObject({
      status: 404,
      code: 'unknown_key',
    });
    expect(problemFromError(new ProblemError(200, 'fine', 'not an error'))).toEqual(internal);
    expect(problemFromError(new ProblemError(503, 'store_unavailable', 'event store is down'))).toMatchObject({
      serverFault: true,
    });
  });

  it('lists zod issues under validation_failed', () => {
    const parsed = z.object({ version: z.string().regex(/^\d+\.\d+\.\d+$/) }).safeParse({ version: 'latest' });
    const problem = problemFromError(parsed.error);
    expect(problem).toMatchObject({
      status: 400,
      code: 'validation_failed',
      detail: expect.stringMatching(/^version: /),
    });
    expect(problem.extra).toEqual({ issues: [{ path: 'version', code: 'invalid_string', message: 'Invalid' }] });
  });

  it('names Nest HttpExceptions by status and keeps their message', () => {
    expect(problemFromError(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'Cannot GET /x',
    });
    expect(problemFromError(new BadRequestException(['a is bad', 'b is bad']))).toMatchObject({
      code: 'bad_request',
      detail: 'a is bad; b is bad',
    });
    expect(problemFromError(new HttpException('teapot', 418))).toMatchObject({ status: 418, code: 'http_418' });
    expect(problemFromError(new ServiceUnavailableException('draining'))).toMatchObject({
      status: 503,
      serverFault: true,
    });
  });

  it('maps Fastify body errors, raw or wrapped by Nest', () => {
    const tooLarge = fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413);
    expect(problemFromError(tooLarge)).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(problemFromError(new HttpException('x', 413, { cause: tooLarge }))).toMatchObject({
      code: 'payload_too_large',
    });
    expect(problemFromError(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400))).toMatchObject({
      status: 400,
      code: 'malformed_json',
    });
    expect(problemFromError(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400))).toMatchObject({
      code: 'malformed_json',
    });
    expect(problemFromError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415))).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect(problemFromError(fastifyError('FST_ERR_SOMETHING_NEW', 431))).toMatchObject({
      status: 431,
      code: 'request_header_fields_too_large',
    });
    expect(problemFromError(fastifyError('FST_ERR_HANDLER_TIMEOUT', 503, 'internal detail'))).toEqual(internal);
  });

  it('hides everything about an unknown failure', () => {
    for (const thrown of [
      new Error('db password is hunter2'),
      new TypeError('x is undefined'),
      'a string',
      null,
      undefined,
      42,
    ]) {
      expect(problemFromError(thrown)).toEqual(internal);
    }
  });
});

describe('problemDocument', () => {
  it('builds an RFC 9457 document whose core members extra cannot overwrite', () => {
    expect(
      problemDocument(
        { status: 409, code: 'version_exists', detail: 'taken', extra: { status: 200, type: 'x', existing: '1.0.0' } },
        '/v1/packages',
      ),
    ).toEqual({
      type: 'https://market.dev/problems/version_exists',
      title: 'Conflict',
      status: 409,
      detail: 'taken',
      code: 'version_exists',
      instance: '/v1/packages',
      existing: '1.0.0',
    });
  });
});
