// `npm test`: every suite (unit, integration, e2e), one Vitest project after the other so that
// the heavy suites (real FFmpeg, servers, Chromium) never compete with each other for this
// machine's two cores; then one plain line `N passed, N failed[, N skipped]` summing them all.
// Exits non-zero on any failure. Extra arguments go to every Vitest run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROJECTS = ['unit', 'integration', 'e2e'];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const project of PROJECTS) {
  const report = path.join(root, `.vitest-report-${project}.json`);
  fs.rmSync(report, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/vitest.config.ts',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  let projectFailed = 0;
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += json.numPassedTests ?? 0;
    projectFailed = (json.numFailedTests ?? 0) + countSuiteErrors(json);
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  }
  // A run that fails outside any test (a crash, a failed import) still counts as a failure.
  if (result.status !== 0 && projectFailed === 0) projectFailed = 1;
  failed += projectFailed;
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

/** Files that failed to load have no test results; count each as one failure. */
function countSuiteErrors(json) {
  return json.testResults.filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
}
