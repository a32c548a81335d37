// WebKit (WebKitGTK's MiniBrowser) over W3C WebDriver. Playwright's own WebKit
// needs its patched build; the stock one is driven through WebKitWebDriver:
//   Xvfb :N  ->  WebKitWebDriver --port=P  ->  MiniBrowser --automation
import { spawn } from 'node:child_process';
import net from 'node:net';
import { killTree, killTreeOnExit, waitForProcess } from '../proc.mjs';
import { APPEAR_TIMEOUT_MS, callInPage, installErrorRecorder, unwrapReply } from './page-call.mjs';
import { newSession, waitUntilReady } from './webdriver.mjs';
import { startXvfb } from './xvfb.mjs';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const SESSION_TIMEOUT_MS = 30_000; // with a broken display the session request hangs forever
const SCRIPT_TIMEOUT_MS = 3_600_000; // a benchmark may run for a long time inside one call

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** `(function) (arguments[0])` as a WebDriver async script that reports through the callback. */
function asyncScript(fn) {
  return `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (${fn})(arguments[0])).then(done, (e) => done({ error: String(e && e.stack || e) }));`;
}

/** Spawn WebKitWebDriver on a free port, on the given X display. */
async function startDriver(display) {
  const port = await freePort();
  const child = spawn('WebKitWebDriver', [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display, JSC_useSharedArrayBuffer: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, which MiniBrowser and its web processes join
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  child.once('error', (e) => { stderr += `${e.message}\n`; }); // e.g. spawn WebKitWebDriver ENOENT
  return {
    process: child,
    baseUrl: `http://127.0.0.1:${port}`,
    exited: new Promise((resolve) => { child.once('exit', resolve); child.once('error', resolve); }),
    isAlive: () => child.pid !== undefined && child.exitCode === null && child.signalCode === null,
    kill: (signal) => child.kill(signal),
    stderr: () => stderr,
  };
}

export async function launchWebKit(name = 'webkit') {
  const owned = []; // process trees to kill if we exit without close()
  const cancelExitHook = killTreeOnExit(owned);
  const xvfb = await startXvfb();
  owned.push(xvfb.pid);
  let driver;
  let session;

  const shutdown = async () => {
    if (session) await session.send('DELETE', '', undefined, { timeoutMs: 10_000 }).catch(() => {});
    if (driver) {
      driver.kill('SIGTERM');
      let timer;
      await Promise.race([driver.exited, new Promise((r) => { timer = setTimeout(r, 5000); })]);
      clearTimeout(timer);
      killTree(driver.process.pid); // its process group: MiniBrowser and its web processes, if any are left
    }
    await xvfb.close();
    cancelExitHook();
  };

  try {
    driver = await startDriver(xvfb.display);
    owned.push(driver.process.pid);
    await waitUntilReady(driver.baseUrl, { isAlive: driver.isAlive });
    session = await newSession(driver.baseUrl, {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    }, { timeoutMs: SESSION_TIMEOUT_MS });
    await session.send('POST', '/timeouts', { script: SCRIPT_TIMEOUT_MS, pageLoad: 120_000 });
    const rootPid = await waitForProcess(driver.process.pid, 'MiniBrowser');
    const execute = async (fn, arg) => session.send('POST', '/execute/async', { script: asyncScript(fn), args: [arg] });
    // W3C element commands: an element reference is {<web element identifier>: id}.
    const find = async (selector) => Object.values(await session.send('POST', '/element', { using: 'css selector', value: selector }))[0];

    return {
      name,
      // WebKitGTK's version as the driver reports it (capabilities.browserVersion; the browser is MiniBrowser).
      version: `WebKitGTK ${session.capabilities.browserVersion}`,
      rootPid,
      async goto(url) {
        // WebDriver does not expose the HTTP status: ask the server, so a 404 fails here and not 30 s later.
        const head = await fetch(url, { method: 'HEAD' }).catch(() => null);
        if (head && !head.ok) throw new Error(`goto ${url}: HTTP ${head.status}`);
        await session.send('POST', '/url', { url });
        await execute(installErrorRecorder);
      },
      async call(fnPath, arg) {
        return unwrapReply(name, fnPath, await execute(callInPage, { fnPath, arg, appearTimeoutMs: APPEAR_TIMEOUT_MS }));
      },
      async consoleErrors() {
        return session.send('POST', '/execute/sync', { script: 'return window.__e2eErrors || []', args: [] });
      },
      click: async (selector) => session.send('POST', `/element/${await find(selector)}/click`, {}),
      // Clicking an option selects it (WebDriver's way to drive a <select>).
      select: async (selector, value) => session.send('POST', `/element/${await find(`${selector} option[value="${value}"]`)}/click`, {}),
      // Element Send Keys on a file input takes the files' paths, one per line.
      setFiles: async (selector, paths) => session.send('POST', `/element/${await find(selector)}/value`, { text: paths.join('\n') }),
      text: async (selector) => session.send('GET', `/element/${await find(selector)}/text`),
      count: async (selector) => (await session.send('POST', '/elements', { using: 'css selector', value: selector })).length,
      close: shutdown,
    };
  } catch (e) {
    const log = driver?.stderr() ? `\nWebKitWebDriver stderr:\n${driver.stderr()}` : '';
    await shutdown();
    throw new Error(`${e.message}${log}`);
  }
}
