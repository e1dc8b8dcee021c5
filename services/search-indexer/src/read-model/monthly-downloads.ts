import type { Database } from 'better-sqlite3';

/** "Monthly" downloads: what was counted in the 30 days up to the package's latest count window. */
export const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

const prepare = (db: Database) => ({
  get: db.prepare<[string], { monthly: number; latest_window_end: number }>(
    'SELECT monthly, latest_window_end FROM package_downloads WHERE pkg = ?',
  ),
  put: db.prepare<[string, number, number]>(
    `INSERT INTO package_downloads (pkg, monthly, latest_window_end) VALUES (?, ?, ?)
     ON CONFLICT (pkg) DO UPDATE SET monthly = excluded.monthly, latest_window_end = excluded.latest_window_end`,
  ),
  addWindow: db.prepare<[string, number, number]>(
    'INSERT INTO download_windows (pkg, window_end, count) VALUES (?, ?, ?)',
  ),
  expiredSum: db
    .prepare<
      [string, number],
      number | null
    >('SELECT sum(count) FROM download_windows WHERE pkg = ? AND window_end <= ?')
    .pluck(),
  expire: db.prepare<[string, number]>('DELETE FROM download_windows WHERE pkg = ? AND window_end <= ?'),
});

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();
const statements = (db: Database) => {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
};

export const monthlyDownloads = (db: Database, pkg: string): number => statements(db).get.get(pkg)?.monthly ?? 0;

/**
 * Adds one DownloadsCounted and returns the package's new monthly figure. The window is anchored
 * on the latest `windowEnd` seen for the package, not on the clock, so replaying history gives
 * the same figure. Counts are kept per window so old ones can leave the sum incrementally.
 */
export const countDownloads = (db: Database, pkg: string, count: number, windowEnd: string): number => {
  const s = statements(db);
  const at = Date.parse(windowEnd);
  const current = s.get.get(pkg);
  let monthly = current?.monthly ?? 0;
  const latest = Math.max(current?.latest_window_end ?? at, at);
  const cutoff = latest - MONTH_MS;
  if (at > cutoff) {
    s.addWindow.run(pkg, at, count);
    monthly += count;
  }
  const expired = s.expiredSum.get(pkg, cutoff) ?? 0;
  if (expired > 0) {
    s.expire.run(pkg, cutoff);
    monthly -= expired;
  }
  s.put.run(pkg, monthly, latest);
  return monthly;
};
