/** Most promotions running at once. */
const MAX_WAVE = 16;

/**
 * Splits Verified events (in global order) into consecutive waves whose promotions may run at
 * once: within a wave no two share a package stream (Stored of one package keeps the order of
 * its Verified) or a digest (the second of two equal digests must see the first one's copy to
 * be recorded as deduplicated). Waves run one after another.
 */
export const promotionWaves = <T extends { stream: string; data: { sha256: string } }>(events: readonly T[]): T[][] => {
  const waves: T[][] = [];
  let wave: T[] = [];
  const taken = new Set<string>();
  for (const event of events) {
    const keys = [`stream:${event.stream}`, `sha256:${event.data.sha256}`];
    if (wave.length >= MAX_WAVE || keys.some((k) => taken.has(k))) {
      waves.push(wave);
      wave = [];
      taken.clear();
    }
    wave.push(event);
    keys.forEach((k) => taken.add(k));
  }
  if (wave.length > 0) waves.push(wave);
  return waves;
};
