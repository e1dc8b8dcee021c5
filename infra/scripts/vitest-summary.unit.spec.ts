import { describe, expect, it } from 'vitest';
import { summarizeVitest } from './vitest-summary.js';

describe('summarizeVitest', () => {
  it('counts passed, failed, and skipped (pending + todo) tests', () => {
    expect(
      summarizeVitest(
        { numPassedTests: 40, numFailedTests: 2, numPendingTests: 3, numTodoTests: 1, testResults: [] },
        1,
      ),
    ).toEqual({ passed: 40, failed: 2, skipped: 4 });
  });

  it('counts a test file that failed to load as one failure', () => {
    const report = {
      numPassedTests: 5,
      numFailedTests: 1,
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(summarizeVitest(report, 1)).toEqual({ passed: 5, failed: 2, skipped: 0 });
  });

  it('never reports success when vitest crashed or failed without failing a test', () => {
    expect(summarizeVitest(undefined, 1)).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(summarizeVitest(undefined, 0)).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(summarizeVitest({ numPassedTests: 9, numFailedTests: 0, testResults: [] }, 1)).toEqual({
      passed: 9,
      failed: 1,
      skipped: 0,
    });
    expect(summarizeVitest({ numPassedTests: 9, numFailedTests: 0, testResults: [] }, 0)).toEqual({
      passed: 9,
      failed: 0,
      skipped: 0,
    });
  });
});
