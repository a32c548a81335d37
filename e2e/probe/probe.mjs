// window.e2eProbe: the smallest page API that exercises every path of engine.call().
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

window.e2eProbe = {
  ready: sleep(100),
  async echo(arg) {
    await sleep(10);
    return {
      arg,
      crossOriginIsolated: window.crossOriginIsolated,
      sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
      userAgent: navigator.userAgent,
    };
  },
  async fail(message) {
    await sleep(10);
    throw new Error(message);
  },
  logError(message) {
    console.error(message);
    return true;
  },
  async allocate(mib) {
    // Touch every page, so the memory shows in the process tree's PSS.
    window.e2eProbeBallast = new Uint8Array(mib << 20).fill(1);
    await sleep(500);
    return window.e2eProbeBallast.length;
  },
};
