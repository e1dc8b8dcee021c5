/** Another submission that already holds `name@version`, as the package stream tells it. */
export interface VersionClaim {
  submissionId: string;
  status: 'pending' | 'verified' | 'published';
}
