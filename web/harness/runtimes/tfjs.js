// TensorFlow.js with its wasm backend (XNNPACK compiled to wasm SIMD) or its WebGL backend,
// through the runtime adapter interface. The TF.js model is built from the same ONNX file's
// weights by onnx-to-tfjs.js; the bench checks its outputs against the PC reference like any
// other runtime's. Threads: asked with setThreadsCount, reported as getThreadsCount says.
import { parseOnnx } from '../onnx/model.js';
import { buildTfjsModel } from './onnx-to-tfjs.js';

const TFJS = '/vendor/@tensorflow/tfjs/dist/tf.min.js';
const TFJS_WASM = '/vendor/@tensorflow/tfjs-backend-wasm/dist/';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function create(modelUrl, { backend, threads = 1, taps = [] }) {
  if (!self.tf) await loadScript(TFJS);
  const tf = self.tf;
  if (backend === 'wasm') {
    if (!tf.wasm) await loadScript(`${TFJS_WASM}tf-backend-wasm.min.js`);
    tf.wasm.setWasmPaths(TFJS_WASM);
    tf.wasm.setThreadsCount(threads);
  } else if (threads !== 1) {
    throw new Error(`unsupported: the ${backend} backend has no thread setting`);
  }
  if (!(await tf.setBackend(backend))) {
    const why = backend === 'webgl' && !document.createElement('canvas').getContext('webgl2') ? ': this browser gives the page no WebGL 2 context' : '';
    throw new Error(`unavailable: TF.js backend '${backend}' failed to initialise${why}`);
  }
  await tf.ready();
  const model = await buildTfjsModel(tf, parseOnnx(await fetchBytes(modelUrl)), { taps });
  const info = {
    runtime: `tfjs-${backend}`, runtimeVersion: tf.version.tfjs, variant: backend, threads,
    threadsActual: backend === 'wasm' ? tf.wasm.getThreadsCount() : 1, unobservable: model.unobservable,
    backend: backend === 'wasm' ? 'wasm (XNNPACK)' : `webgl ${tf.env().getNumber('WEBGL_VERSION')}`,
  };
  if (backend === 'webgl') {
    const gl = tf.backend().gpgpu?.gl;
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    info.renderer = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl?.getParameter(gl.RENDERER);
    info.float32Textures = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  }
  return {
    info,
    run: (feeds) => model.run(feeds),
    profile: (feeds, runs) => model.profile(feeds, runs),
    extraMemory: () => ({ tfjsBytes: tf.memory().numBytes, tfjsTensors: tf.memory().numTensors }),
    release() { model.dispose(); },
  };
}
