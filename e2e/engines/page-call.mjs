// What runs inside the page, shared by every engine. Both functions are
// serialised with Function.prototype.toString, so they must not close over
// anything from this module.

/**
 * In the page: wait for the global object that fnPath starts with (and its
 * `ready` promise, if it has one), call window[fnPath](arg), and settle with
 * {json} or {error}. The result goes back as a JSON string, so every engine
 * returns exactly what JSON.stringify would make of it.
 */
export async function callInPage({ fnPath, arg, appearTimeoutMs }) {
  try {
    const parts = fnPath.split('.');
    const deadline = Date.now() + appearTimeoutMs;
    while (window[parts[0]] === undefined) {
      if (Date.now() > deadline) {
        const body = (document.body && document.body.innerText || '').slice(0, 300);
        throw new Error(`window.${parts[0]} did not appear within ${appearTimeoutMs} ms on ${location.href}; page text: ${JSON.stringify(body)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await window[parts[0]].ready;
    const name = parts.pop();
    const owner = parts.reduce((o, key) => (o == null ? o : o[key]), window);
    if (owner == null || typeof owner[name] !== 'function') throw new Error(`window.${fnPath} is not a function`);
    const result = await owner[name](arg);
    return { json: result === undefined ? 'null' : JSON.stringify(result) };
  } catch (e) {
    // Chromium's stack starts with the message; Firefox's and WebKit's hold only frames.
    const message = String(e);
    const stack = (e && e.stack) || '';
    return { error: stack.includes(message) ? stack : `${message}\n${stack}` };
  }
}

/** Node side: turn callInPage's reply into a value or a thrown Error. */
export function unwrapReply(engineName, fnPath, reply) {
  if (reply.error !== undefined) throw new Error(`${fnPath} failed in ${engineName}: ${reply.error}`);
  return JSON.parse(reply.json);
}

/** How long call() waits for the harness global to be defined. */
export const APPEAR_TIMEOUT_MS = 30_000;

/**
 * In the page, for engines without console events (WebKit over WebDriver):
 * record console.error calls, uncaught errors and unhandled rejections from
 * now on in window.__e2eErrors. Errors raised before it runs are not seen.
 */
export function installErrorRecorder() {
  if (window.__e2eErrors) return;
  const errors = (window.__e2eErrors = []);
  const text = (x) => String((x && x.stack) || x);
  addEventListener('error', (e) => errors.push(`pageerror: ${e.error ? text(e.error) : e.message}`));
  addEventListener('unhandledrejection', (e) => errors.push(`unhandledrejection: ${text(e.reason)}`));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    errors.push(`console.error: ${args.map(text).join(' ')}`);
    consoleError(...args);
  };
}
