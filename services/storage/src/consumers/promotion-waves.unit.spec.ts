import { describe, expect, it } from 'vitest';
import { promotionWaves } from './promotion-waves.js';

const verified = (id: string, stream: string, sha256: string) => ({ id, stream, data: { sha256 } });
const ids = (waves: { id: string }[][]) => waves.map((wave) => wave.map((e) => e.id));

describe('promotionWaves', () => {
  it('runs promotions of different packages and digests together', () => {
    expect(
      ids(promotionWaves([verified('a', 'p-1', 'x'), verified('b', 'p-2', 'y'), verified('c', 'p-3', 'z')])),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('starts a new wave at a second event of one package or of one digest, keeping global order', () => {
    const events = [
      verified('a', 'p-1', 'x'),
      verified('b', 'p-2', 'y'),
      verified('c', 'p-1', 'z'),
      verified('d', 'p-3', 'y'),
      verified('e', 'p-4', 'w'),
    ];
    expect(ids(promotionWaves(events))).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(promotionWaves(events).flat()).toEqual(events);
  });

  it('caps a wave at 16 promotions and gives nothing for nothing', () => {
    const many = Array.from({ length: 40 }, (_, i) => verified(String(i), `p-${i}`, `d-${i}`));
    expect(promotionWaves(many).map((w) => w.length)).toEqual([16, 16, 8]);
    expect(promotionWaves([])).toEqual([]);
  });
});
