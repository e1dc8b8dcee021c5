import { normalizePackageName } from '@market/contracts';

/** Namespaces fold like package names (case, `-_.`), so a key for `my-org` signs for `My_Org/x`. */
export const normalizeNamespace = (namespace: string): string => normalizePackageName(namespace);

export const namespaceOf = (packageName: string): string => packageName.slice(0, packageName.indexOf('/'));

/** Whether a key registered for `namespaces` may act on the package `name`. */
export const keyCoversPackage = (namespaces: readonly string[], name: string): boolean => {
  const wanted = normalizeNamespace(namespaceOf(name));
  return namespaces.some((ns) => normalizeNamespace(ns) === wanted);
};
