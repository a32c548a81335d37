// A private virtual X display (WebKitGTK's MiniBrowser needs one, even for automation).
import { spawn } from 'node:child_process';

/**
 * Start Xvfb on the first free display number. Xvfb picks the number itself
 * (-displayfd) and writes it once it accepts connections, so there is no race
 * with other displays on the machine. Resolves to {display: ':N', pid, close()}.
 */
export function startXvfb({ timeoutMs = 10_000 } = {}) {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like the browsers Playwright starts
  });
  let stderr = '';
  xvfb.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => { xvfb.once('exit', resolve); xvfb.once('error', resolve); });
  const close = async () => {
    if (xvfb.exitCode === null && xvfb.signalCode === null) xvfb.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      close().then(() => reject(new Error(`Xvfb: ${why}\n${stderr}`)));
    };
    const timer = setTimeout(() => fail(`no display within ${timeoutMs} ms`), timeoutMs);
    xvfb.once('error', (e) => fail(e.message));
    xvfb.once('exit', (code, signal) => fail(`exited early (${signal ?? code})`));
    let out = '';
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (settled || !out.includes('\n')) return;
      settled = true;
      clearTimeout(timer);
      resolve({ display: `:${out.trim()}`, pid: xvfb.pid, close });
    });
  });
}
