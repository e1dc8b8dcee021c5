/**
 * Splits text into search terms the way the FTS5 `unicode61 remove_diacritics 2` tokenizer does
 * (closely enough: every term is handed to FTS5 as a quoted phrase, so a term FTS5 would split
 * further still matches as a phrase). Letters, digits and marks are term characters; everything
 * else — FTS5 operators, quotes, `*`, `^`, `:`, punctuation — is a separator, which is what makes
 * hostile queries harmless: no syntax character ever reaches MATCH unquoted.
 */
const SEPARATORS = /[^\p{L}\p{N}\p{M}\p{Co}]+/u;
// Latin combining accents only: unicode61 strips diacritics from Latin letters, not the vowel
// signs other scripts need.
const LATIN_DIACRITICS = /[\u0300-\u036f]/g;

export const foldTerm = (text: string): string =>
  text.normalize('NFKD').replace(LATIN_DIACRITICS, '').normalize('NFC').toLowerCase();

export const tokenize = (text: string): string[] => {
  const out: string[] = [];
  for (const part of foldTerm(text).split(SEPARATORS)) if (part) out.push(part);
  return out;
};
