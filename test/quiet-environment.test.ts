import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('the quiet test environment', () => {
  it("prints a test's console only when that test fails, under its name", () => {
    const root = join(__dirname, '..');
    const run = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--testMatch', '**/test/quiet-environment.fixture.ts', '--maxWorkers=1'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
    );
    const printed = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(1);
    expect(printed).toContain('Console of the failed test "fails":');
    expect(printed).toContain('shown: this test failed');
    expect(printed).not.toContain('held back');
    expect(printed).toContain('jest: 1 passed, 1 failed');
  });
});
