import { z } from 'zod';

export const searchHitSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    description: z.string().default(''),
    keywords: z.array(z.string()).default([]),
    categories: z.array(z.string()).default([]),
    authors: z.array(z.string()).default([]),
    downloads: z.number().default(0),
    score: z.number().default(0),
    deprecated: z.boolean().default(false),
  })
  .passthrough();

export const searchResultSchema = z
  .object({
    total: z.number(),
    page: z.number(),
    perPage: z.number(),
    hits: z.array(searchHitSchema),
    facets: z.record(z.string(), z.record(z.string(), z.number())).default({}),
  })
  .passthrough();

export type SearchHit = z.infer<typeof searchHitSchema>;
export type SearchResult = z.infer<typeof searchResultSchema>;

export interface SearchQuery {
  q?: string;
  category?: string;
  keyword?: string;
  author?: string;
  namespace?: string;
  page?: number;
  perPage?: number;
}

export const suggestionsSchema = z.union([
  z.array(z.object({ name: z.string() }).passthrough()),
  z.object({ suggestions: z.array(z.object({ name: z.string() }).passthrough()) }).passthrough(),
]);
export type Suggestion = { name: string; [key: string]: unknown };
