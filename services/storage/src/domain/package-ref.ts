import { packageNameSchema, semverSchema } from '@market/contracts';

/** Parses `ns/name@version` as given in `?package=` on a download. */
export const parsePackageRef = (ref: string | undefined): { name: string; version: string } | undefined => {
  if (!ref) return undefined;
  const at = ref.lastIndexOf('@');
  if (at <= 0) return undefined;
  const name = ref.slice(0, at);
  const version = ref.slice(at + 1);
  return packageNameSchema.safeParse(name).success && semverSchema.safeParse(version).success
    ? { name, version }
    : undefined;
};
