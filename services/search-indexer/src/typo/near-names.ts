/** Characters of a normalized package name (`[._-]+` folded to `-`, lower case). */
const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

/** Shorter names are a typo away from too many others to guess which one was meant. */
export const NEAR_NAME_MIN_LENGTH = 4;
/** Past this length a name is not a package name (and the variants would cost more). */
const NEAR_NAME_MAX_LENGTH = 64;

/**
 * The names (for which `isName` holds) one edit away from `name` (a deletion, an insertion, a substitution or a
 * swap of neighbours, over whole normalized names): `gitdate-extractor` → git-date-extractor,
 * `css-tg` → css-tag. Word-level typo tolerance cannot see these: the edit joins or splits words,
 * or falls in a word too short to correct. Generates the ~75·length variants and asks `isName`
 * of each (keep it cheap: ~0.1 ms for a 20-character name with a Set); at most `limit` are
 * returned, in the order found.
 */
export const nearNames = (name: string, isName: (candidate: string) => boolean, limit = 10): string[] => {
  if (name.length < NEAR_NAME_MIN_LENGTH || name.length > NEAR_NAME_MAX_LENGTH) return [];
  const found = new Set<string>();
  const test = (variant: string) => {
    if (variant !== name && !found.has(variant) && isName(variant)) found.add(variant);
  };
  for (let i = 0; i < name.length && found.size < limit; i++) {
    const before = name.slice(0, i);
    const rest = name.slice(i + 1);
    test(before + rest);
    if (i + 1 < name.length) test(before + name[i + 1] + name[i] + name.slice(i + 2));
    for (const c of NAME_CHARACTERS) {
      if (c !== name[i]) test(before + c + rest);
      test(before + c + name.slice(i));
    }
  }
  for (const c of NAME_CHARACTERS) if (found.size < limit) test(name + c);
  return [...found].slice(0, limit);
};
