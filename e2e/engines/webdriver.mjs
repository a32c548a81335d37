// A minimal W3C WebDriver client: just the commands the WebKit engine needs.
// Uses node:http rather than fetch because fetch (undici) aborts any request
// whose response headers take longer than 300 s, and a benchmark run inside
// /execute/async can take longer than that.
import http from 'node:http';

/** One WebDriver command; resolves to the reply's `value`, throws WebDriver errors. */
export function command(baseUrl, method, path, body, { timeoutMs } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, {
      method,
      headers: payload ? { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) } : {},
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let value;
        try { ({ value } = JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch {
          return reject(new Error(`WebDriver ${method} ${path}: HTTP ${res.statusCode}, reply is not JSON`));
        }
        if (res.statusCode >= 400) {
          return reject(new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`));
        }
        resolve(value);
      });
    });
    req.on('error', (e) => reject(e.name === 'AbortError' || e.name === 'TimeoutError'
      ? new Error(`WebDriver ${method} ${path}: no reply within ${timeoutMs} ms`) : e));
    req.end(payload);
  });
}

/** Poll GET /status until the driver accepts sessions. */
export async function waitUntilReady(baseUrl, { timeoutMs = 10_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await command(baseUrl, 'GET', '/status', undefined, { timeoutMs: 1000 })).ready) return;
    } catch { /* not listening yet */ }
    if (!isAlive()) throw new Error(`WebDriver at ${baseUrl} exited before it was ready`);
    if (Date.now() > deadline) throw new Error(`WebDriver at ${baseUrl} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A session: {id, capabilities, send(method, path, body, opts)} with paths relative to /session/:id. */
export async function newSession(baseUrl, capabilities, { timeoutMs }) {
  const { sessionId, capabilities: granted } = await command(baseUrl, 'POST', '/session', { capabilities }, { timeoutMs });
  return {
    id: sessionId,
    capabilities: granted,
    send: (method, path, body, opts) => command(baseUrl, method, `/session/${sessionId}${path}`, body, opts),
  };
}
