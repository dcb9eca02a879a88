// `npm test`: every suite (unit, integration, e2e) in one Vitest run, then one plain line
// `N passed, N failed[, N skipped]` summing them all; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = path.join(root, '.vitest-report.json');
fs.rmSync(report, { force: true });

const result = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'test/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(report)) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0 ? countSuiteErrors(json) : 0);
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed = 1;
}
// A run that fails outside any test (a crash, a failed import) still counts as a failure.
if (result.status !== 0 && failed === 0) failed = 1;

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || result.status !== 0 ? 1 : 0);

/** Files that failed to load have no test results; count each as one failure. */
function countSuiteErrors(json) {
  return json.testResults.filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
}
