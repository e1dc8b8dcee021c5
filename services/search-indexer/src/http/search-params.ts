import { z } from 'zod';
import { ProblemError } from '@market/http';
import type { Filters } from '../search/match-expression.js';
import { MAX_RESULT_WINDOW } from '../search/search-engine.js';
import type { SearchRequest } from '../search/search-types.js';

export const MAX_QUERY_LENGTH = 2_000;
const MAX_FILTER_VALUES = 10;

/** A filter may be repeated (`?keyword=a&keyword=b`: both must hold). */
const filterValues = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(
    z
      .array(z.string().trim().min(1, 'must not be empty').max(200))
      .max(MAX_FILTER_VALUES, `at most ${MAX_FILTER_VALUES} values`),
  );

const positiveInt = (fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .pipe(z.string().regex(/^\d{1,6}$/, 'must be a positive integer'))
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

const searchQuery = z.object({
  q: z.string().max(MAX_QUERY_LENGTH).optional().default(''),
  category: filterValues,
  keyword: filterValues,
  author: filterValues,
  namespace: filterValues,
  page: positiveInt(1, MAX_RESULT_WINDOW),
  perPage: positiveInt(20, 100),
});

const suggestQuery = z.object({
  q: z.string().max(MAX_QUERY_LENGTH).optional().default(''),
  limit: positiveInt(10, 50),
});

const fail = (error: z.ZodError): never => {
  const detail = error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
  throw new ProblemError(400, 'validation_failed', detail, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
};

/** GET /v1/search query string → a search request, or 400 validation_failed. */
export const parseSearchParams = (query: unknown): SearchRequest => {
  const parsed = searchQuery.safeParse(query ?? {});
  if (!parsed.success) return fail(parsed.error);
  const { q, page, perPage, ...filters } = parsed.data;
  if (page * perPage > MAX_RESULT_WINDOW) {
    throw new ProblemError(
      400,
      'validation_failed',
      `page: results beyond the first ${MAX_RESULT_WINDOW} are not paged; refine the query`,
    );
  }
  const active: Filters = {};
  for (const [kind, values] of Object.entries(filters) as [keyof Filters, string[]][])
    if (values.length > 0) active[kind] = values;
  return { q, page, perPage, filters: active };
};

export const parseSuggestParams = (query: unknown): { q: string; limit: number } => {
  const parsed = suggestQuery.safeParse(query ?? {});
  return parsed.success ? parsed.data : fail(parsed.error);
};
