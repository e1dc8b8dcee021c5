/** Characters of a normalized package name (`[._-]+` folded to `-`, lower case). */
const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

/** Shorter names are a typo away from too many others to guess which one was meant. */
export const NEAR_NAME_MIN_LENGTH = 4;
/** Past this length a name is not a package name (and the variants would cost more). */
const NEAR_NAME_MAX_LENGTH = 64;

/**
 * The names in `names` one edit away from `name` (a deletion, an insertion, a substitution or a
 * swap of neighbours, over whole normalized names): `gitdate-extractor` → git-date-extractor,
 * `css-tg` → css-tag. Word-level typo tolerance cannot see these: the edit joins or splits words,
 * or falls in a word too short to correct. Generates the ~75·length variants and looks each up,
 * ~0.1 ms for a 20-character name over 80,000 names; at most `limit` are returned, in the order found.
 */
export const nearNames = (name: string, names: ReadonlySet<string>, limit = 10): string[] => {
  if (name.length < NEAR_NAME_MIN_LENGTH || name.length > NEAR_NAME_MAX_LENGTH) return [];
  const found = new Set<string>();
  const test = (variant: string) => {
    if (variant !== name && names.has(variant)) found.add(variant);
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
