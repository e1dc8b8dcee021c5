/**
 * Which characters a term contains, as 32 bits (a–z one bit each, digits and the rest hashed into
 * the other six). One edit changes at most two bits, so two terms whose masks differ in more than
 * 2·d bits cannot be d edits apart: a test that rejects most of a length bucket in nanoseconds.
 */
export const charMask = (term: string): number => {
  let mask = 0;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    const bit = c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6);
    mask |= 1 << bit;
  }
  return mask >>> 0;
};

export const bitCount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};
