import { normalizePackageName } from '@market/contracts';

/**
 * Orders packs published together so that each comes after the ones it depends on (a
 * consumer never sees a pack whose dependency is still missing); otherwise input order.
 * Packs in a dependency cycle keep their input order.
 */
export const publishOrder = <P extends { name: string; dependencies: Record<string, string> }>(
  packs: readonly P[],
): P[] => {
  const byName = new Map<string, P[]>();
  for (const p of packs)
    byName.set(normalizePackageName(p.name), [...(byName.get(normalizePackageName(p.name)) ?? []), p]);
  const ordered: P[] = [];
  const state = new Map<P, 'visiting' | 'done'>();
  const visit = (p: P) => {
    if (state.get(p)) return;
    state.set(p, 'visiting');
    for (const dep of Object.keys(p.dependencies))
      for (const q of byName.get(normalizePackageName(dep)) ?? []) visit(q);
    state.set(p, 'done');
    ordered.push(p);
  };
  packs.forEach(visit);
  return ordered;
};
