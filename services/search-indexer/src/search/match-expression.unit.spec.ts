import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../query/parse-query.js';
import { Vocabulary } from '../typo/vocabulary.js';
import { allOf, filterExpression, quoteTerm, textExpression } from './match-expression.js';
import { correctedNames, planTerms } from './plan-terms.js';

describe('match expressions', () => {
  it('quotes every term, prefixes the last, ORs typo corrections', () => {
    expect(
      textExpression([
        { alternatives: ['react'], prefix: false },
        { alternatives: ['rou', 'row'], prefix: true },
      ]),
    ).toBe('{name keywords description namespace people}: ("react" AND ("rou"* OR "row"))');
    expect(quoteTerm('a"b')).toBe('"a""b"');
    expect(textExpression([])).toBeUndefined();
  });

  it('turns filters into facet tokens of the tags column, whatever the value holds', () => {
    const expr = filterExpression({ keyword: ['a" OR "b', '*'], namespace: ['NEAR('] })!;
    expect(expr).toMatch(/^\{tags\}: \("x[k][0-9a-f]{16}" AND "x[k][0-9a-f]{16}" AND "x[n][0-9a-f]{16}"\)$/);
    expect(filterExpression({})).toBeUndefined();
    expect(allOf(undefined, 'a', undefined, 'b')).toBe('a AND b');
  });

  it('plans typo corrections only for terms the index does not have', () => {
    const vocabulary = new Vocabulary();
    for (const t of ['react', 'router', 'redux']) vocabulary.add(t);
    const context = {
      vocabulary,
      prefixDocs: (p: string) => ['react', 'router', 'redux'].filter((t) => t.startsWith(p)).length * 100,
    };
    expect(planTerms(parseQuery('reakt rou'), context)).toEqual({
      terms: [
        { alternatives: ['reakt', 'react'], prefix: false },
        { alternatives: ['rou'], prefix: true },
      ],
      corrections: new Map([['reakt', ['react']]]),
    });
    expect(planTerms(parseQuery('react'), context).corrections.size).toBe(0);
    expect(planTerms(parseQuery('redux'), context, true).terms[0]!.alternatives).toEqual(['redux']);
  });

  it('keeps only the closest, common-enough corrections', () => {
    const vocabulary = new Vocabulary();
    vocabulary.add('moment', 120);
    vocabulary.add('monet', 3);
    vocabulary.add('momentum', 50);
    const context = { vocabulary, prefixDocs: () => 0 };
    expect(planTerms(parseQuery('momnet '), context).terms[0]!.alternatives).toEqual(['momnet', 'moment']);
    expect(
      planTerms(parseQuery('momnet '), { ...context, isPackageName: (w) => w === 'monet' }).terms[0]!.alternatives,
    ).toEqual(['momnet', 'moment', 'monet']);
  });

  it('also corrects a rare term towards a much commoner one', () => {
    const vocabulary = new Vocabulary();
    vocabulary.add('express', 200);
    vocabulary.add('expresss', 1);
    vocabulary.add('router', 300);
    vocabulary.add('routes', 100);
    const context = { vocabulary, prefixDocs: () => 0 };
    expect(planTerms(parseQuery('expresss '), context).terms[0]!.alternatives).toEqual(['expresss', 'express']);
    expect(planTerms(parseQuery('routes '), context).terms[0]!.alternatives).toEqual(['routes']);
  });

  it('reads the corrected query as package names', () => {
    const corrections = new Map([
      ['lodahs', ['lodash']],
      ['expresss', ['express']],
      ['commandr', ['command', 'commander']],
    ]);
    expect(correctedNames('lodahs', corrections)).toEqual(['lodash']);
    expect(correctedNames('npm/expresss-session', corrections)).toEqual(['npm/express-session']);
    expect(correctedNames('commandr-expresss', corrections)).toEqual(['command-express', 'commander-express']);
    expect(correctedNames('react', corrections)).toEqual([]);
    expect(correctedNames(undefined, corrections)).toEqual([]);
  });

  it('is always valid FTS5, whatever the query (property)', () => {
    const db = new Database(':memory:');
    db.exec(
      `CREATE VIRTUAL TABLE docs_fts USING fts5 (name, keywords, description, namespace, people, tags, content = '', contentless_delete = 1)`,
    );
    db.prepare('INSERT INTO docs_fts (rowid, name, description) VALUES (1, ?, ?)').run('react dom', 'the react dom');
    const count = db.prepare<[string], number>('SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?').pluck();
    const vocabulary = new Vocabulary();
    const context = { vocabulary, prefixDocs: () => 0 };
    const hostile = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc
        .array(
          fc.constantFrom(
            '"',
            '*',
            '^',
            ':',
            '(',
            ')',
            '{',
            '}',
            'NEAR',
            'AND',
            'OR',
            'NOT',
            '+',
            '-',
            ' ',
            'a',
            'ü',
            '\u0000',
          ),
          { maxLength: 40 },
        )
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(hostile, fc.string({ maxLength: 50 }), (q, filter) => {
        const expr = allOf(
          textExpression(planTerms(parseQuery(q), context).terms),
          filterExpression({ keyword: [filter] }),
        );
        if (expr) expect(() => count.get(expr)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    db.close();
  }, 60_000);
});
