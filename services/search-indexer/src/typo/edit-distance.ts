/** Rows of the distance table, reused: no allocation per comparison (thousands per query). */
let rows = [new Int32Array(65), new Int32Array(65), new Int32Array(65)];

/**
 * Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two
 * adjacent characters), bounded: returns `max + 1` as soon as the distance must exceed `max`,
 * which is what makes checking thousands of vocabulary terms per query cheap.
 */
export const editDistance = (a: string, b: string, max: number): number => {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.min(Math.max(n, m), max + 1);
  if (rows[0]!.length <= m) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let prevPrev = rows[0]!;
  let prev = rows[1]!;
  let curr = rows[2]!;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    curr[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    const caPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = prev[j - 1]! + (ca === cb ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < d) d = del;
      const ins = curr[j - 1]! + 1;
      if (ins < d) d = ins;
      if (j > 1 && ca === b.charCodeAt(j - 2) && caPrev === cb) {
        const swap = prevPrev[j - 2]! + 1;
        if (swap < d) d = swap;
      }
      curr[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = curr;
    curr = spare;
  }
  return Math.min(prev[m]!, max + 1);
};

/** How many edits a term may be away from a vocabulary term: none under 3 chars, 1 up to 5, else 2. */
export const allowedTypos = (term: string): number =>
  term.length < 3 || /^\d+$/.test(term) ? 0 : term.length <= 5 ? 1 : 2;
