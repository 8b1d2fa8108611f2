// Finding and launching Debian's Chromium for the browser tests (skipped with a notice where it is missing, except in CI).
import { execSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export function findChromium(): string {
  try {
    return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh', encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  } catch {
    return '';
  }
}

// On a developer's machine without Chromium the tests are skipped with a notice; in CI (CI=true) a
// missing Chromium fails them, so the browser checks can never silently not run there.
const chromiumMissing = findChromium() === '' && !process.env.CI;
if (chromiumMissing) console.warn('browser test skipped: chromium not found (apt-get install -y chromium); CI runs it');
export const skipBrowser = process.env.QEVAL_SKIP_BROWSER === '1' || chromiumMissing;

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('chromium not found: apt-get install -y chromium (or set QEVAL_SKIP_BROWSER=1 to skip this test)');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
