// Screenshots the dev pages written by devPage.mjs with headless Chromium (playwright-core installed
// outside the repo), and prints what each page posted to the "host", CSP violations and console errors.
//   node test/webview/devPage.mjs && PW_DIR=/tmp/pw node test/webview/screenshot.mjs [filter] [--width=N]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const out = 'test-output/webview';
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--')) ?? '';
const width = Number(args.find((a) => a.startsWith('--width='))?.slice(8) ?? 1280);
const { chromium } = createRequire(join(resolve(process.env.PW_DIR ?? '/tmp/pw'), 'package.json'))('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const pages = JSON.parse(readFileSync(join(out, 'pages.json'), 'utf8')).filter((p) => p.includes(filter));
let failures = 0;
for (const file of pages) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto('file://' + resolve(out, file));
  const isLog = file.startsWith('log');
  const expectRendered = !isLog && (!/^(empty|running-|running|failed|invalid)/.test(file) || file.startsWith('running-over'));
  if (file.startsWith('log-unwatched')) {
    await page.waitForSelector('#log-view[data-connection="unwatched"]', { timeout: 5000 }).catch(() => errors.push('not marked "no longer watched"'));
  } else if (isLog) {
    // The live page appends 40 points, one every 100 ms: wait for the last one (step 490) to be drawn.
    const lastStep = file.startsWith('log-live') ? '490' : file.startsWith('log-empty') ? '' : '2990';
    await page.waitForSelector(`#log-view[data-last-step="${lastStep}"]`, { state: 'attached', timeout: 10000 }).catch(() => errors.push(`data-last-step never reached "${lastStep}"`));
    const builds = await page.evaluate(() => [...document.querySelectorAll('.log-chart')].map((c) => c.dataset.builds));
    // An overlaid run's snapshot adds a line, which is baked into uPlot's options: one rebuild per chart, no more.
    const allowed = file.startsWith('log-overlay') ? 2 : 1;
    if (builds.some((b) => Number(b) > allowed)) errors.push(`live updates rebuilt a chart (builds per chart: ${builds.join(', ')})`);
  }
  if (expectRendered) {
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'rendered'), null, { timeout: 5000 }).catch(() => errors.push('no rendered message'));
  }
  await page.waitForTimeout(300);
  const posted = await page.evaluate(() => window.__posted.map((m) => m.type + (m.type === 'webviewError' ? `(${m.message.slice(0, 120)})` : '')));
  // A live page acknowledges every snapshot: print runs of the same message once, with a count.
  const summary = posted.reduce((acc, m) => {
    const last = acc.at(-1);
    if (last && last.m === m) last.n++;
    else acc.push({ m, n: 1 });
    return acc;
  }, []).map(({ m, n }) => (n > 1 ? `${m} x${n}` : m));
  const csp = await page.evaluate(() => window.__cspViolations);
  const png = join(out, file.replace(/\.html$/, width === 1280 ? '.png' : `-${width}.png`));
  await page.screenshot({ path: png, fullPage: true });
  if (!file.startsWith('invalid')) errors.push(...posted.filter((m) => m.startsWith('webviewError')));
  else if (!posted.some((m) => m.startsWith('webviewError'))) errors.push('invalid messages were not reported');
  const bad = errors.length + csp.length > 0;
  if (bad) failures++;
  console.log(`${bad ? 'FAIL' : 'ok  '} ${png}  posted: ${summary.join(', ')}${csp.length ? `\n     CSP: ${csp.join('; ')}` : ''}${errors.length ? `\n     ${errors.join('\n     ')}` : ''}`);
  await page.close();
}
await browser.close();
process.exitCode = failures ? 1 : 0;
