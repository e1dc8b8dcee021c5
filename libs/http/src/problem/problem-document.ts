import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_TYPE_BASE = 'https://market.dev/problems/';

/** What an error means to a client, before it becomes a document. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  extra?: Record<string, unknown>;
}

/** RFC 9457 problem details, plus the `code` clients switch on. */
export interface ProblemDocument extends Record<string, unknown> {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
}

const coreMembers = new Set(['type', 'title', 'status', 'detail', 'code', 'instance']);

export const problemDocument = (problem: Problem, instance?: string): ProblemDocument => {
  const document: ProblemDocument = {
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...(instance !== undefined && { instance }),
  };
  for (const [key, value] of Object.entries(problem.extra ?? {})) if (!coreMembers.has(key)) document[key] = value;
  return document;
};
