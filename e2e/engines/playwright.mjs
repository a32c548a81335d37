// Chromium and Firefox, driven by Playwright (CDP and WebDriver BiDi).
import { chromium, firefox } from '@playwright/test';
import { descendants, waitForProcess } from '../proc.mjs';
import { APPEAR_TIMEOUT_MS, callInPage, unwrapReply } from './page-call.mjs';
import { startXvfb } from './xvfb.mjs';

const BROWSERS = {
  chromium: {
    type: chromium,
    exe: 'chromium', // /usr/bin/chromium is a shell script that execs /usr/lib/chromium/chromium
    options: {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--no-first-run', '--disable-sync',
        '--enable-blink-features=ForceEagerMeasureMemory',
      ],
    },
  },
  firefox: {
    type: firefox,
    exe: 'firefox-esr',
    // Stock Firefox speaks WebDriver BiDi, not Playwright's patched Juggler protocol.
    options: { channel: 'moz-firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
  },
};

/**
 * headed: run the browser with a window on a private Xvfb display instead of headless (headless
 * Firefox gives pages no WebGL context; headed Firefox on Xvfb renders WebGL with Mesa llvmpipe).
 */
export async function launchPlaywright(name, { headed = false } = {}) {
  const { type, exe, options } = BROWSERS[name];
  const before = new Set(descendants(process.pid));
  const xvfb = headed ? await startXvfb() : null;
  let browser;
  try {
    browser = await type.launch(headed ? { ...options, headless: false, env: { ...process.env, DISPLAY: xvfb.display } } : options);
  } catch (e) {
    await xvfb?.close();
    throw e;
  }
  try {
    // Playwright does not expose the pid: find the new browser process below us.
    const rootPid = await waitForProcess(process.pid, exe, { exclude: before });
    const page = await (await browser.newContext()).newPage();
    let errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console.error: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack || e}`));
    page.on('crash', () => errors.push('page crashed'));
    return {
      name,
      version: browser.version(),
      rootPid,
      async goto(url) {
        errors = [];
        const response = await page.goto(url, { waitUntil: 'load' });
        if (response && !response.ok()) throw new Error(`goto ${url}: HTTP ${response.status()}`);
      },
      async call(fnPath, arg) {
        const reply = await page.evaluate(callInPage, { fnPath, arg, appearTimeoutMs: APPEAR_TIMEOUT_MS });
        return unwrapReply(name, fnPath, reply);
      },
      async consoleErrors() {
        return [...errors];
      },
      click: (selector) => page.locator(selector).first().click(),
      select: (selector, value) => page.locator(selector).first().selectOption(value),
      setFiles: (selector, paths) => page.locator(selector).first().setInputFiles(paths),
      text: (selector) => page.locator(selector).first().innerText(),
      count: (selector) => page.locator(selector).count(),
      // The page's JS heap from CDP (Chromium only; other engines have no such probe): bytes used / allocated.
      async jsHeap() {
        if (name !== 'chromium') return null;
        const cdp = await page.context().newCDPSession(page);
        try {
          const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
          return { usedBytes: usedSize, totalBytes: totalSize };
        } finally {
          await cdp.detach();
        }
      },
      headed,
      async close() {
        await browser.close();
        await xvfb?.close();
      },
    };
  } catch (e) {
    await browser.close();
    await xvfb?.close();
    throw e;
  }
}
