/**
 * Folds case and the separators `-`, `_`, `.` so that look-alike names collide:
 * `Acme/My_Pack`, `acme/my-pack` and `acme/my.pack` are one package.
 */
export const normalizePackageName = (name: string): string => name.toLowerCase().replace(/[._-]+/g, '-');
