import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import type { Problem } from './problem-document.js';
import { isProblemError } from './problem-error.js';
import { codeForStatus, isErrorStatus } from './status-codes.js';

export interface ClassifiedProblem extends Problem {
  /** A server fault: log it with its stack; the client only learns that it happened. */
  serverFault: boolean;
}

const INTERNAL: ClassifiedProblem = {
  status: 500,
  code: 'internal',
  detail: 'internal server error',
  serverFault: true,
};

/** Fastify's own request errors (body parsing happens before any Nest code runs). */
const fastifyProblems: Record<string, Omit<Problem, 'detail'>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_content_length' },
  FST_ERR_VALIDATION: { status: 400, code: 'validation_failed' },
};

type FastifyLikeError = Error & { code: string; statusCode?: number };

const asFastifyError = (error: unknown): FastifyLikeError | undefined => {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('FST_')
    ? (error as FastifyLikeError)
    : undefined;
};

const isZodError = (error: unknown): error is ZodError =>
  error instanceof ZodError ||
  (error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues));

/**
 * Maps anything a request can throw to the problem a client sees. Pure, so every mapping is
 * unit-tested; unknown errors become a bare 500 so no message or stack leaks.
 */
export const problemFromError = (error: unknown): ClassifiedProblem => {
  if (isProblemError(error)) {
    if (!isErrorStatus(error.status)) return INTERNAL;
    return {
      status: error.status,
      code: error.code,
      detail: error.detail,
      extra: error.extra,
      serverFault: error.status >= 500,
    };
  }
  if (isZodError(error)) {
    const issues = error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      code: issue.code,
    }));
    const first = issues[0];
    const detail = first ? `${first.path || 'body'}: ${first.message}` : 'the request failed validation';
    return { status: 400, code: 'validation_failed', detail, extra: { issues }, serverFault: false };
  }
  const fastifyError = asFastifyError(error instanceof HttpException ? error.cause : error) ?? asFastifyError(error);
  if (fastifyError) {
    const known = fastifyProblems[fastifyError.code];
    if (known) return { ...known, detail: fastifyError.message, serverFault: false };
    const status = fastifyError.statusCode;
    if (isErrorStatus(status) && status < 500) {
      return { status, code: codeForStatus(status), detail: fastifyError.message, serverFault: false };
    }
    return INTERNAL;
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (!isErrorStatus(status)) return INTERNAL;
    return { status, code: codeForStatus(status), detail: httpExceptionDetail(error), serverFault: status >= 500 };
  }
  return INTERNAL;
};

const httpExceptionDetail = (error: HttpException): string => {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : error.message;
};
