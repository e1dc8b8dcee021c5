import { describe, expect, it } from 'vitest';
import { buildSuggestQuery } from './build-suggest-query.js';

const filterOf = (q: string) => buildSuggestQuery('idx', q, 10)?.query;

describe('buildSuggestQuery', () => {
  it('completes the name: the typed words joined as the normalized name prefix, exact name first', () => {
    const built = buildSuggestQuery('idx', 'React Do', 7)!;
    expect([built.index, built.size]).toEqual(['idx', 7]);
    expect(built.query).toEqual({
      constant_score: { filter: { bool: { filter: [{ prefix: { bare: 'react-do' } }] } }, boost: 0 },
    });
    expect(built.sort).toEqual([{ _score: { order: 'desc' } }, { rank: { order: 'desc' } }, { pkg: { order: 'asc' } }]);
    expect(built._source).toEqual(['name', 'version', 'description', 'downloads', 'deprecated']);
  });

  it('a query that reads as a name scores its exact package above the completions', () => {
    expect(filterOf('react')).toEqual({
      bool: {
        should: [
          { constant_score: { filter: { bool: { filter: [{ prefix: { bare: 'react' } }] } }, boost: 0 } },
          { constant_score: { filter: { term: { bare: 'react' } }, boost: 1 } },
        ],
        minimum_should_match: 1,
      },
    });
  });

  it('a 1-character word is a whole word alone, a continuation after other words', () => {
    expect(filterOf('a ')).toMatchObject({
      bool: {
        should: [
          {
            constant_score: {
              filter: {
                bool: {
                  filter: [
                    {
                      bool: { should: [{ term: { bare: 'a' } }, { prefix: { bare: 'a-' } }], minimum_should_match: 1 },
                    },
                  ],
                },
              },
            },
          },
          { constant_score: { filter: { term: { bare: 'a' } } } },
        ],
      },
    });
    expect(filterOf('react d, ')).toEqual({
      constant_score: { filter: { bool: { filter: [{ prefix: { bare: 'react-d' } }] } }, boost: 0 },
    });
  });

  it('ns/na: whole namespace words, then the name; ns/ alone completes the namespace', () => {
    expect(filterOf('my org/wid, ')).toEqual({
      constant_score: {
        filter: {
          bool: {
            filter: [
              {
                bool: {
                  should: [{ term: { facet_namespace: 'my-org' } }, { prefix: { facet_namespace: 'my-org-' } }],
                  minimum_should_match: 1,
                },
              },
              { prefix: { bare: 'wid' } },
            ],
          },
        },
        boost: 0,
      },
    });
    expect(filterOf('acm/ ')).toEqual({
      constant_score: { filter: { bool: { filter: [{ prefix: { facet_namespace: 'acm' } }] } }, boost: 0 },
    });
  });

  it('nothing typed: no query at all', () => {
    expect(buildSuggestQuery('idx', '', 10)).toBeUndefined();
    expect(buildSuggestQuery('idx', ' /"*', 10)).toBeUndefined();
  });
});
