import { describe, expect, it } from 'vitest';
import { facetToken, isFacetToken, normalizeFacetValue } from './facets.js';
import { documentFrom, facetValues, ftsColumns, nameParts } from './search-document.js';

const manifest = {
  description: 'Declarative routing',
  keywords: ['Router', 'react'],
  categories: ['UI', 'ui '],
  authors: ['Remix  Team'],
};

describe('search documents', () => {
  it('identifies a package by its normalized name and keeps the published spelling', () => {
    const doc = documentFrom('Remix-Run/React_Router', '7.0.0', manifest, 42, false);
    expect(doc).toMatchObject({
      pkg: 'remix-run/react-router',
      name: 'Remix-Run/React_Router',
      namespace: 'Remix-Run',
      bare: 'react-router',
    });
  });

  it('indexes the name parts and the parts run together', () => {
    expect(nameParts('react-router.dom_v6')).toEqual(['react', 'router', 'dom', 'v6', 'reactrouterdomv6']);
    expect(nameParts('lodash')).toEqual(['lodash']);
    expect(ftsColumns(documentFrom('acme/foo-bar', '1.0.0', manifest, 0, false))).toMatchObject({
      name: 'foo bar foobar',
      keywords: 'Router react',
      namespace: 'acme',
      people: 'Remix  Team UI ui ',
    });
  });

  it('normalizes and deduplicates facet values', () => {
    const values = facetValues(documentFrom('Acme_Corp/x', '1.0.0', manifest, 0, false));
    expect(values).toEqual([
      { kind: 'category', value: 'ui' },
      { kind: 'keyword', value: 'router' },
      { kind: 'keyword', value: 'react' },
      { kind: 'author', value: 'remix team' },
      { kind: 'namespace', value: 'acme-corp' },
    ]);
    expect(normalizeFacetValue('namespace', 'My.NS')).toBe('my-ns');
  });

  it('makes facet tokens that are plain alphanumerics and equal for equal values', () => {
    expect(facetToken('keyword', 'React ')).toBe(facetToken('keyword', 'react'));
    expect(facetToken('keyword', 'react')).not.toBe(facetToken('category', 'react'));
    expect(isFacetToken(facetToken('author', '"; DROP TABLE docs; --'))).toBe(true);
    expect(isFacetToken('react')).toBe(false);
  });
});
