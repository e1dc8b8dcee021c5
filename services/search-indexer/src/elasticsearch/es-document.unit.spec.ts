import { describe, expect, it } from 'vitest';
import { documentFrom } from '../domain/search-document.js';
import { toEsDocument } from './es-document.js';

describe('toEsDocument', () => {
  it('indexes the name parts, the text fields as the FTS columns, normalized facet values and the static rank', () => {
    const doc = documentFrom(
      'My_Org/Left.Pad',
      '2.0.0',
      {
        description: 'Pads strings',
        keywords: ['String', 'pad'],
        categories: ['Utilities'],
        authors: ['Ada  Lovelace'],
      },
      1000,
      false,
    );
    expect(toEsDocument(doc)).toEqual({
      pkg: 'my-org/left-pad',
      bare: 'left-pad',
      name: 'My_Org/Left.Pad',
      version: '2.0.0',
      description: 'Pads strings',
      keywords: ['String', 'pad'],
      categories: ['Utilities'],
      authors: ['Ada  Lovelace'],
      name_text: 'Left Pad LeftPad',
      keywords_text: 'String pad',
      namespace_text: 'My_Org',
      people: 'Ada  Lovelace Utilities',
      facet_category: ['utilities'],
      facet_keyword: ['string', 'pad'],
      facet_author: ['ada lovelace'],
      facet_namespace: ['my-org'],
      downloads: 1000,
      deprecated: false,
      rank: 6.90875,
    });
  });

  it('a deprecated package ranks 10 lower', () => {
    const doc = documentFrom(
      'acme/x',
      '1.0.0',
      { description: '', keywords: [], categories: [], authors: [] },
      0,
      true,
    );
    expect(toEsDocument(doc)).toMatchObject({ rank: -10, deprecated: true, facet_keyword: [], people: '' });
  });
});
