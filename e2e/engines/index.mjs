// One interface over the three browser engines:
//   launchEngine(name) -> {name, version, rootPid, goto(url), call(fnPath, arg), consoleErrors(), close()}
// - version: the browser's own version string.
// - rootPid: pid of the browser's main process; its process tree is the browser.
// - call('a.b', arg): `await window.a.b(arg)` in the page (after `await window.a.ready`),
//   returns the JSON round-trip of the result; a rejection becomes an Error carrying the page's message.
// - consoleErrors(): console.error / uncaught errors seen since the last goto()
//   (WebKit: only those raised after the page's load event).
// - jsHeap() (optional, Chromium only): the page's JS heap {usedBytes, totalBytes} from CDP.
// - What a person does on a page, by CSS selector (the first match): click(selector),
//   select(selector, value) (an <option> of a <select>), setFiles(selector, paths) (files from
//   this machine into an <input type=file>), text(selector) (its rendered text), count(selector).
// launchEngine(name, {headed: true}): Chromium/Firefox with a window on a private Xvfb display
// (WebKit always has one); the bench uses it for WebGL in Firefox, which headless Firefox lacks.
import { launchPlaywright } from './playwright.mjs';
import { launchWebKit } from './webkit.mjs';

export const ENGINE_NAMES = ['chromium', 'firefox', 'webkit'];

export async function launchEngine(name, options = {}) {
  switch (name) {
    case 'chromium':
    case 'firefox':
      return launchPlaywright(name, options);
    case 'webkit':
      return launchWebKit(name);
    default:
      throw new Error(`unknown engine '${name}' (expected one of ${ENGINE_NAMES.join(', ')})`);
  }
}
