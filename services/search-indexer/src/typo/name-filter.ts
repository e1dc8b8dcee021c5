/** Bits per name: with 7 probes, about 1% of names not in the filter pass it. */
const BITS_PER_NAME = 10;
const PROBES = 7;

/** FNV-1a over the UTF-16 code units, then a murmur3 finalizer: two independent-enough 32-bit hashes. */
const hashes = (text: string): [number, number] => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  let g = h ^ (h >>> 16);
  g = Math.imul(g, 0x85ebca6b);
  g ^= g >>> 13;
  g = Math.imul(g, 0xc2b2ae35);
  g ^= g >>> 16;
  return [h >>> 0, (g | 1) >>> 0];
};

/**
 * A Bloom filter of package names: "certainly not a name" for ~99% of the strings that are not,
 * in 10 bits per name (125 KB for 100,000 names, where a Set of the strings took ~10 MB of heap).
 * What passes must still be checked against the read model. Names are only added; `full` says
 * when it holds more names than it was sized for (its false positives then grow: rebuild it larger).
 */
export class NameFilter {
  private readonly bits: Uint32Array;
  private readonly bitCount: number;
  private names = 0;

  constructor(readonly capacity: number) {
    this.bitCount = Math.max(1024, Math.ceil(capacity * BITS_PER_NAME));
    this.bits = new Uint32Array(Math.ceil(this.bitCount / 32));
  }

  get full(): boolean {
    return this.names > this.capacity;
  }

  /** Adds a name (one it may already hold is not counted again). */
  add(name: string): void {
    if (this.mightHave(name)) return;
    const [h1, h2] = hashes(name);
    for (let i = 0; i < PROBES; i++) {
      const at = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      this.bits[at >>> 5]! |= 1 << (at & 31);
    }
    this.names++;
  }

  mightHave(name: string): boolean {
    const [h1, h2] = hashes(name);
    for (let i = 0; i < PROBES; i++) {
      const at = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      if ((this.bits[at >>> 5]! & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }
}
