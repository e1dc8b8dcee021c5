import semver from 'semver';
import { normalizePackageName } from '@market/contracts';
import { explainConflicts } from './explain-conflict.js';
import type {
  CandidateVersion,
  Conflict,
  GetVersions,
  Requirement,
  ResolveOptions,
  ResolveResult,
} from './resolution-types.js';

const DEFAULT_MAX_STEPS = 100_000;
const MAX_REPORTED_CONFLICTS = 10;

interface Candidate<C> {
  source: C;
  version: string;
  parsed: semver.SemVer | null;
  /** Proven impossible whatever else is chosen (learned once, never undone). */
  dead: boolean;
}

interface Constraint {
  range: string;
  test: semver.Range | null;
  requiredBy: string;
  /** The package whose chosen version made this requirement; null for the root. */
  source: Slot<never> | null;
}

interface Slot<C> {
  name: string;
  /** Installable candidates, highest first; null when the package does not exist. */
  all: Candidate<C>[] | null;
  constraints: Constraint[];
  /** Candidates that satisfy every constraint so far (forward checking). */
  remaining: Candidate<C>[];
  chosen: Candidate<C> | null;
}

class SearchLimitReached extends Error {}

/**
 * Flat resolution (one version per package): a depth-first search that tries each package's
 * highest acceptable version first, checks every new requirement forward against the
 * candidates left, and on failure jumps back to the most recent decision that took part in it
 * (conflict-directed backjumping), so one bad choice deep in the graph does not make it retry
 * every combination above; a version that fails whatever else is chosen is remembered as dead.
 * Cycles need nothing special: a package already chosen is only checked.
 *
 * Rules: npm semver ranges (a prerelease matches only a range that names a prerelease of the
 * same major.minor.patch); yanked versions are never chosen, except the exact version the root
 * pins (`1.2.3` or `=1.2.3`), as a lockfile would; a dependency's pin does not revive a yank.
 */
export const resolve = <C extends CandidateVersion>(
  requirements: Readonly<Record<string, string>>,
  getVersions: GetVersions<C>,
  options: ResolveOptions = {},
): ResolveResult<C> => {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const ranges = new Map<string, semver.Range | null>();
  const rangeOf = (raw: string): semver.Range | null => {
    let r = ranges.get(raw);
    if (r === undefined) {
      try {
        r = new semver.Range(raw);
      } catch {
        r = null;
      }
      ranges.set(raw, r);
    }
    return r;
  };
  const satisfies = (c: Candidate<C>, k: Constraint) => c.parsed !== null && k.test !== null && k.test.test(c.parsed);

  const rootPins = new Map<string, string>();
  for (const [name, range] of Object.entries(requirements)) {
    const exact = semver.valid(range.trim().replace(/^=\s*/, ''));
    if (exact !== null) rootPins.set(normalizePackageName(name), exact);
  }

  const slots = new Map<string, Slot<C>>();
  const order: Slot<C>[] = [];
  const slotOf = (name: string): Slot<C> => {
    let slot = slots.get(name);
    if (!slot) {
      const versions = getVersions(name);
      const pin = rootPins.get(name);
      const all = versions
        ?.filter((v) => !v.yanked || v.version === pin)
        .map((v) => ({ source: v, version: v.version, parsed: semver.parse(v.version), dead: false }))
        .sort(byPrecedenceDescending);
      slot = { name, all: all ?? null, constraints: [], remaining: all ?? [], chosen: null };
      slots.set(name, slot);
      order.push(slot);
    }
    return slot;
  };

  const conflicts: Conflict[] = [];
  const seen = new Set<string>();
  const record = (c: Conflict) => {
    const key = conflictKey(c);
    if (seen.has(key) || conflicts.length >= MAX_REPORTED_CONFLICTS * 4) return;
    seen.add(key);
    conflicts.push(c);
  };

  // Trail of undo steps, so backtracking restores exactly the state before a decision.
  const trail: (() => void)[] = [];
  const undoTo = (mark: number) => {
    while (trail.length > mark) trail.pop()!();
  };

  /** Smallest subset (greedy) of a package's constraints that no candidate satisfies together. */
  const minimalConflict = (slot: Slot<C>, constraints: Constraint[]): Constraint[] => {
    let subset = constraints;
    for (const k of constraints) {
      const without = subset.filter((x) => x !== k);
      if (without.length > 0 && !slot.all!.some((c) => without.every((x) => satisfies(c, x)))) subset = without;
    }
    return subset;
  };

  const describe = (ks: Constraint[]): Requirement[] => ks.map((k) => ({ range: k.range, requiredBy: k.requiredBy }));

  /** Records why `slot` has no candidate left; returns the decisions responsible. */
  const emptied = (slot: Slot<C>): Set<Slot<C>> => {
    const subset = minimalConflict(slot, slot.constraints);
    if (subset.length === 1) {
      record({
        kind: 'no_matching_version',
        name: slot.name,
        requirements: describe(subset),
        available: slot.all!.slice(0, 10).map((c) => c.version),
      });
    } else {
      record({ kind: 'conflicting_ranges', name: slot.name, requirements: describe(subset) });
    }
    return sourcesOf(subset);
  };

  const sourcesOf = (ks: Constraint[]): Set<Slot<C>> => {
    const out = new Set<Slot<C>>();
    for (const k of ks) if (k.source) out.add(k.source as Slot<C>);
    return out;
  };

  /** Adds a requirement; returns the responsible decisions if it leaves no solution here. */
  const require = (name: string, range: string, requiredBy: string, source: Slot<C> | null): Set<Slot<C>> | null => {
    const slot = slotOf(name);
    const constraint: Constraint = { range, test: rangeOf(range), requiredBy, source: source as Slot<never> | null };
    if (slot.all === null) {
      record({ kind: 'unknown_package', name, requirements: [{ range, requiredBy }] });
      return new Set(source ? [source] : []);
    }
    slot.constraints.push(constraint);
    trail.push(() => slot.constraints.pop());
    if (slot.chosen) {
      if (satisfies(slot.chosen, constraint)) return null;
      if (!slot.all.some((c) => slot.constraints.every((k) => satisfies(c, k)))) {
        const why = emptied(slot);
        why.add(slot);
        if (source) why.add(source);
        return why;
      }
      record({ kind: 'chosen_version', name, version: slot.chosen.version, requirements: describe([constraint]) });
      return new Set([slot, ...(source ? [source] : [])]);
    }
    const before = slot.remaining;
    slot.remaining = before.filter((c) => !c.dead && satisfies(c, constraint));
    trail.push(() => (slot.remaining = before));
    if (slot.remaining.length > 0) return null;
    // Versions match but were all proven impossible earlier: that finding is already recorded.
    const why = slot.all.some((c) => slot.constraints.every((k) => satisfies(c, k)))
      ? sourcesOf(slot.constraints)
      : emptied(slot);
    if (source) why.add(source);
    return why;
  };

  /** Fail-first: the undecided, required package with the fewest candidates left (ties: discovery order). */
  const nextSlot = (): Slot<C> | null => {
    let best: Slot<C> | null = null;
    for (const slot of order) {
      if (slot.chosen || slot.constraints.length === 0 || slot.all === null) continue;
      if (!best || slot.remaining.length < best.remaining.length) best = slot;
    }
    return best;
  };

  let steps = 0;
  /** null: solved (choices stay in place); otherwise the decisions that together cause the failure. */
  const search = (): Set<Slot<C>> | null => {
    const slot = nextSlot();
    if (!slot) return null;
    const blame = sourcesOf(slot.constraints);
    for (const candidate of slot.remaining) {
      if (candidate.dead) continue;
      if (++steps > maxSteps) throw new SearchLimitReached();
      const mark = trail.length;
      slot.chosen = candidate;
      trail.push(() => (slot.chosen = null));
      const requiredBy = `${slot.name}@${candidate.version}`;
      let failure: Set<Slot<C>> | null = null;
      for (const [dep, range] of candidate.source.dependencies) {
        failure = require(dep, range, requiredBy, slot);
        if (failure) break;
      }
      failure ??= search();
      if (!failure) return null;
      undoTo(mark);
      if (!failure.has(slot)) return failure; // this choice was not part of the problem: jump back
      // Blamed on this choice alone (and the root): no other choice can save it. Remembering
      // that keeps chains of packages with many versions linear instead of exponential.
      if (failure.size === 1) candidate.dead = true;
      for (const s of failure) if (s !== slot) blame.add(s);
    }
    return blame;
  };

  try {
    let failed = false;
    for (const [name, range] of Object.entries(requirements)) {
      if (require(normalizePackageName(name), range, 'root', null)) failed = true;
    }
    if (!failed && search() === null) {
      const resolved = new Map<string, C>();
      for (const slot of order) if (slot.chosen) resolved.set(slot.name, slot.chosen.source);
      return { ok: true, resolved };
    }
  } catch (e) {
    if (!(e instanceof SearchLimitReached)) throw e;
    record({ kind: 'search_limit', steps: maxSteps });
  }
  const reported = [...conflicts].sort((a, b) => severity(a) - severity(b)).slice(0, MAX_REPORTED_CONFLICTS);
  return { ok: false, conflicts: reported, explanation: explainConflicts(reported) };
};

const byPrecedenceDescending = <C>(a: Candidate<C>, b: Candidate<C>): number => {
  if (a.parsed && b.parsed) return semver.rcompare(a.parsed, b.parsed) || (a.version < b.version ? 1 : -1);
  return a.parsed ? -1 : b.parsed ? 1 : 0;
};

/** Findings that explain a failure on their own come first; a stable sort keeps discovery order within a kind. */
const severity = (c: Conflict): number => (c.kind === 'search_limit' ? 0 : c.kind === 'chosen_version' ? 2 : 1);

/** The same clash met again with another version of the same requirer is one finding. */
const conflictKey = (c: Conflict): string => {
  if (c.kind === 'search_limit') return c.kind;
  const who = c.requirements.map((r) => `${r.range} ${r.requiredBy.replace(/@[^@]*$/, '')}`).join('|');
  return `${c.kind} ${c.name} ${who}`;
};
