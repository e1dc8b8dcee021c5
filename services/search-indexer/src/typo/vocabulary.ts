import { bitCount, charMask } from './char-mask.js';
import { allowedTypos, editDistance } from './edit-distance.js';

export interface TypoCandidate {
  term: string;
  distance: number;
  /** Documents containing the term (approximate once documents change: only ever grows). */
  docs: number;
}

/** Terms this common are listed apart (see `startsWordInMoreThan`). */
export const FREQUENT_TERM_DOCS = 1_000;

/** Terms of one length, with their character masks side by side for a tight scan. */
class LengthBucket {
  terms: string[] = [];
  masks = new Uint32Array(64);

  push(term: string): void {
    if (this.terms.length === this.masks.length) {
      const grown = new Uint32Array(this.masks.length * 2);
      grown.set(this.masks);
      this.masks = grown;
    }
    this.masks[this.terms.length] = charMask(term);
    this.terms.push(term);
  }
}

/**
 * The index's vocabulary in memory, bucketed by term length, for typo tolerance: a query term
 * with no exact hit is compared only with terms whose length is within the allowed distance and
 * whose character mask is close enough, and only those survivors pay for an edit distance.
 * Loaded from the FTS5 vocabulary; terms of documents indexed later are added as they arrive.
 * Terms are never removed (a term whose documents all left expands to nothing: harmless).
 */
export class Vocabulary {
  private readonly docs = new Map<string, number>();
  private readonly buckets: LengthBucket[] = [];
  /** Terms in at least FREQUENT_TERM_DOCS documents: a few hundred at 100k packages, scanned per prefix query. */
  private readonly frequent: string[] = [];

  get size(): number {
    return this.docs.size;
  }

  has(term: string): boolean {
    return this.docs.has(term);
  }

  /** Documents containing the term (0 if none). */
  documents(term: string): number {
    return this.docs.get(term) ?? 0;
  }

  add(term: string, docs = 1): void {
    const known = this.docs.get(term);
    const now = (known ?? 0) + docs;
    this.docs.set(term, now);
    if (known === undefined) (this.buckets[term.length] ??= new LengthBucket()).push(term);
    if ((known ?? 0) < FREQUENT_TERM_DOCS && now >= FREQUENT_TERM_DOCS) this.frequent.push(term);
  }

  /**
   * Whether some word starting with `prefix` is in more than `docs` documents (so `prefix*` is
   * too). Only counts above FREQUENT_TERM_DOCS are known here: below it, the answer is false.
   */
  startsWordInMoreThan(prefix: string, docs: number): boolean {
    return this.frequent.some((term) => term.startsWith(prefix) && this.documents(term) > docs);
  }

  /** Vocabulary terms within the allowed edit distance of `term` (not `term` itself), closest and commonest first. */
  corrections(term: string, limit = 5): TypoCandidate[] {
    const max = allowedTypos(term);
    if (max === 0 || term.length > 40) return [];
    const mask = charMask(term);
    const found: TypoCandidate[] = [];
    for (let len = Math.max(1, term.length - max); len <= term.length + max; len++) {
      const bucket = this.buckets[len];
      if (!bucket) continue;
      const { terms, masks } = bucket;
      for (let i = 0; i < terms.length; i++) {
        if (bitCount((masks[i]! ^ mask) >>> 0) > 2 * max) continue;
        const candidate = terms[i]!;
        if (candidate === term) continue;
        const distance = editDistance(term, candidate, max);
        if (distance <= max) found.push({ term: candidate, distance, docs: this.docs.get(candidate) ?? 0 });
      }
    }
    found.sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.term < b.term ? -1 : 1));
    return found.slice(0, limit);
  }
}
