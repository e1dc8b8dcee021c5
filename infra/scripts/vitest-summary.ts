import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface VitestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { status?: string; assertionResults?: { status?: string }[] }[];
}

/**
 * Counts from vitest's JSON report. A test file that failed to load has a failed suite but no
 * failed test: it counts as one failure. No report, or a failing exit status with nothing
 * failed in the report (e.g. an unhandled error), counts as one failure too.
 */
export const summarizeVitest = (report: VitestJsonReport | undefined, exitStatus: number): VitestCounts => {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const loadFailures = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  const failed = (report.numFailedTests ?? 0) + loadFailures;
  return {
    passed: report.numPassedTests ?? 0,
    failed: failed === 0 && exitStatus !== 0 ? 1 : failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
};

const readReport = (file: string): VitestJsonReport | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestJsonReport;
  } catch {
    return undefined;
  }
};

// `tsx infra/scripts/vitest-summary.ts <report.json> <vitest exit status>` → "passed failed skipped"
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file = 'test-results/vitest.json', status = '1'] = process.argv.slice(2);
  const counts = summarizeVitest(readReport(file), Number(status));
  console.log(`${counts.passed} ${counts.failed} ${counts.skipped}`);
}
