import type { PackManifest } from '@market/contracts';
import type { CorpusRow } from './corpus-row.js';
import { marketNameOf } from './corpus-row.js';

/**
 * The corpus has names, versions, downloads and descriptions only. The rest of a manifest is
 * derived, deterministically, so filters and facets have real-looking values to work on:
 * - keywords: the name's parts (split on `- _ .`), 2+ characters, not numbers, at most 10;
 * - categories: up to 3, from the keyword rules below over name + description (else `utilities`);
 * - authors: `<namespace> maintainers`; license: NOASSERTION (SPDX for "not known").
 */
const CATEGORY_RULES: [string, RegExp][] = [
  ['typings', /^@types\//],
  ['linting', /eslint|stylelint|prettier|\blint/],
  ['testing', /\b(test|tests|testing|jest|mocha|vitest|chai|karma|cypress|playwright|mock)\b/],
  ['react', /react/],
  ['vue', /\bvue/],
  ['angular', /angular/],
  ['build-tools', /webpack|babel|rollup|\bvite|esbuild|bundler|compiler|transpil|postcss|\bloader\b/],
  ['cli', /\bcli\b|command[- ]line/],
  ['css', /\bcss\b|\bsass\b|\bless\b|tailwind|\bstyles?\b/],
  ['http', /\bhttps?\b|\bfetch\b|graphql|\brest\b|express|\bserver\b/],
  ['cloud', /\baws\b|azure|google cloud|firebase|\bsdk\b/],
];

export const keywordsOf = (npmName: string): string[] => {
  const bare = marketNameOf(npmName).split('/')[1] ?? '';
  const parts = bare
    .toLowerCase()
    .split(/[._-]+/)
    .filter((p) => p.length >= 2 && !/^\d+$/.test(p))
    .map((p) => p.slice(0, 100));
  return [...new Set(parts)].slice(0, 10);
};

export const categoriesOf = (npmName: string, description: string): string[] => {
  const text = `${npmName} ${description}`.toLowerCase();
  const matched = CATEGORY_RULES.filter(([, rule]) => rule.test(text)).map(([category]) => category);
  return matched.length > 0 ? matched.slice(0, 3) : ['utilities'];
};

export const manifestOf = (row: CorpusRow): PackManifest => {
  const name = marketNameOf(row.npmName);
  const namespace = name.slice(0, name.indexOf('/'));
  return {
    description: row.description.slice(0, 2000),
    license: 'NOASSERTION',
    authors: [`${namespace} maintainers`.slice(0, 200)],
    categories: categoriesOf(row.npmName, row.description),
    keywords: keywordsOf(row.npmName),
    homepage: `https://www.npmjs.com/package/${row.npmName}`,
    dependencies: {},
  };
};
