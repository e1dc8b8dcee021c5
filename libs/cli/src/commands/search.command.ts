import type { CommandSpec } from '../args/command-spec.js';
import { stringOption } from '../command-context.js';
import { usageError } from '../errors/cli-error.js';
import { table, truncate } from '../output/format.js';

const positiveInt = (text: string | undefined, name: string, max: number): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw usageError(`--${name} must be an integer from 1 to ${max}`);
  return Number(text);
};

export const searchCommand: CommandSpec = {
  name: 'search',
  summary: 'search published packs by words, with filters for category, keyword, author and namespace',
  usage: 'market search [words...] [--category c] [--keyword k] [--author a] [--namespace ns]',
  options: {
    category: { type: 'string', value: 'name', description: 'only packs in this category' },
    keyword: { type: 'string', value: 'word', description: 'only packs with this keyword' },
    author: { type: 'string', value: 'name', description: 'only packs by this author' },
    namespace: { type: 'string', value: 'ns', description: 'only packs in this namespace' },
    page: { type: 'string', value: 'n', description: 'result page (from 1)' },
    'per-page': { type: 'string', value: 'n', description: 'results per page (default 20)' },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  examples: [
    'market search rest api',
    'market search --category codegen --keyword openapi',
    'market search templates --json',
  ],
  run: async (ctx) => {
    const result = await ctx.client().search({
      q: ctx.positionals.join(' ') || undefined,
      category: stringOption(ctx, 'category'),
      keyword: stringOption(ctx, 'keyword'),
      author: stringOption(ctx, 'author'),
      namespace: stringOption(ctx, 'namespace'),
      page: positiveInt(stringOption(ctx, 'page'), 'page', 10_000),
      perPage: positiveInt(stringOption(ctx, 'per-page'), 'per-page', 100),
    });
    const columns = ctx.io.stderr.columns ?? 100;
    const human =
      result.hits.length === 0
        ? 'no packs found'
        : [
            table(
              ['NAME', 'VERSION', 'DOWNLOADS', 'DESCRIPTION'],
              result.hits.map((h) => [
                h.name,
                h.version,
                String(h.downloads),
                truncate(`${h.deprecated ? '[deprecated] ' : ''}${h.description}`, Math.max(30, columns - 60)),
              ]),
            ),
            `${result.hits.length} of ${result.total} (page ${result.page}); details: market info <name>`,
          ].join('\n');
    return { json: result as unknown as Record<string, unknown>, human };
  },
};
