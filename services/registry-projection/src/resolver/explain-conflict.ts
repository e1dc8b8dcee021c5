import type { Conflict, Requirement } from './resolution-types.js';

const requirement = (r: Requirement) => `${r.range} (${r.requiredBy})`;

/** One line per conflict, e.g. `acme/b: ^2.0.0 (root) vs <2.0.0 (acme/a@1.3.0)`. */
export const explainConflict = (c: Conflict): string => {
  switch (c.kind) {
    case 'unknown_package':
      return `${c.name}: no such package (required by ${c.requirements.map((r) => r.requiredBy).join(', ')})`;
    case 'no_matching_version': {
      const available = c.available.length ? c.available.join(', ') : 'none installable';
      return `${c.name}: no version matches ${c.requirements.map(requirement).join(' and ')} (available: ${available})`;
    }
    case 'conflicting_ranges':
      return `${c.name}: ${c.requirements.map(requirement).join(' vs ')}`;
    case 'chosen_version':
      return `${c.name}@${c.version} (the highest choice left) does not satisfy ${c.requirements.map(requirement).join(' and ')}`;
    case 'search_limit':
      return `gave up after trying ${c.steps} candidate versions`;
  }
};

export const explainConflicts = (conflicts: readonly Conflict[]): string =>
  conflicts.length === 0 ? 'no solution' : conflicts.map(explainConflict).join('\n');
