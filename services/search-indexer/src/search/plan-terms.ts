import type { ParsedQuery } from '../query/parse-query.js';
import type { Vocabulary } from '../typo/vocabulary.js';
import type { TermPlan } from './match-expression.js';

/** Corrections tried per term: the closest and commonest; more only dilutes the hits. */
export const MAX_CORRECTIONS = 5;
/**
 * A correction is kept only if it is as close as the closest one and at least this common
 * relative to the commonest of those: bm25 favours rare terms, so a rare near-miss would
 * otherwise outrank the word the user meant ("momnet" → moment, not monet).
 */
export const MIN_CORRECTION_SHARE = 0.1;
/**
 * A term found in only this few documents (or, typed as a prefix, starting words of this few) is
 * still checked for corrections, and those at least RARE_TERM_RATIO times as common are added:
 * "expresss" is in a package or two (and starts a few run-together names), but the user meant express.
 */
export const RARE_TERM_DOCS = 5;
export const RARE_PREFIX_DOCS = 50;
export const RARE_TERM_RATIO = 10;
/**
 * A last term that is itself a word of this many documents is taken as typed, not as a prefix:
 * the user has finished it, and expanding it would merge the postings of every longer word
 * ("types" → typescript-ish thousands) on each query.
 */
export const COMMON_WORD_DOCS = 500;

export interface PlanContext {
  vocabulary: Vocabulary;
  /** How many documents have a word starting with `prefix`, counting no further than `cap`. */
  prefixDocs: (prefix: string, cap: number) => number;
  /** Whether some package's name (after its namespace) is exactly this word. */
  isPackageName?: (word: string) => boolean;
}

/**
 * Decides, per term, what FTS5 should look for: the term itself (as a prefix for the last one),
 * plus vocabulary terms a typo away when the term has no exact (or prefix) hit in the index.
 * With `everyTerm`, corrections are added even to terms that do exist (the retry when the first
 * plan found nothing: a real word can be someone else's typo).
 */
export interface TermsPlan {
  terms: TermPlan[];
  /** Each corrected term's kept corrections, best first, e.g. to read the corrected query as a package name. */
  corrections: Map<string, string[]>;
}

export const planTerms = (query: ParsedQuery, context: PlanContext, everyTerm = false): TermsPlan => {
  const corrections = new Map<string, string[]>();
  const terms = query.terms.map((term, i) => {
    const docs = context.vocabulary.documents(term);
    const prefix = i === query.terms.length - 1 && query.prefixLast && docs < COMMON_WORD_DOCS;
    // As a prefix, what counts is how many documents have a word starting with it.
    const hits = prefix ? context.prefixDocs(term, RARE_PREFIX_DOCS + 1) : docs;
    const known = hits > 0;
    const rare = known && hits <= (prefix ? RARE_PREFIX_DOCS : RARE_TERM_DOCS);
    if (known && !rare && !everyTerm) return { alternatives: [term], prefix };
    let found = context.vocabulary.corrections(term, MAX_CORRECTIONS);
    if (known && !everyTerm) found = found.filter((c) => c.docs >= hits * RARE_TERM_RATIO);
    const best = found[0];
    if (!best) return { alternatives: [term], prefix };
    // A package's own name is kept however rare the word: `commandr` may well mean commander.
    const kept = found
      .filter(
        (c) =>
          c.distance === best.distance &&
          (c.docs >= best.docs * MIN_CORRECTION_SHARE || context.isPackageName?.(c.term)),
      )
      .map((c) => c.term);
    corrections.set(term, kept);
    return { alternatives: [term, ...kept], prefix };
  });
  return { terms, corrections };
};

/** Names read with typo corrections at most: enough for every pairing of two words' top corrections. */
const MAX_CORRECTED_NAMES = 8;

/**
 * A normalized package name with its corrected words replaced (`lodahs` → `lodash`), once per
 * combination of corrections (`commandr` → command, commander); empty if nothing was corrected.
 */
export const correctedNames = (
  name: string | undefined,
  corrections: ReadonlyMap<string, readonly string[]>,
): string[] => {
  if (!name || corrections.size === 0) return [];
  let names = [''];
  for (const part of name.split(/([a-z0-9]+)/)) {
    const options = corrections.get(part)?.slice(0, 3) ?? [part];
    names = names.flatMap((prefix) => options.map((o) => prefix + o)).slice(0, MAX_CORRECTED_NAMES);
  }
  return names.filter((n) => n !== name);
};
