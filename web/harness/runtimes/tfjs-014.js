// TensorFlow.js 0.14.2 (npm @tensorflow/tfjs@0.14.2, installed as `tfjs014`), the version Guo et
// al. (ASE 2019) measured, running the Keras-style Layers model onnx-to-keras-layers.js builds
// from the ONNX weights: what a user of tfjs-converter had in 2019. WebGL backend where the
// engine offers it (0.14 registers it only when the page gets a WebGL context), else CPU.
import { parseOnnx } from '../onnx/model.js';
import { buildKerasLayersModel } from './onnx-to-keras-layers.js';

const TFJS_014 = '/vendor/tfjs014/dist/tf.min.js';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src} (npm package tfjs014: run tools/setup.sh)`));
    document.head.appendChild(script);
  });
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function create(modelUrl, { threads = 1, taps = [] }) {
  if (threads !== 1) throw new Error('unsupported: TF.js 0.14 has no thread setting');
  if (self.tf && !String(self.tf.version?.tfjs ?? '').startsWith('0.14')) throw new Error('unavailable: another TF.js is already loaded in this page');
  if (!self.tf) await loadScript(TFJS_014);
  const tf = self.tf;
  let backend = tf.getBackend();
  if (backend !== 'webgl') {
    try { tf.setBackend('webgl'); } catch { /* not offered: stay on CPU */ }
    backend = tf.getBackend();
  }
  const model = buildKerasLayersModel(tf, parseOnnx(await fetchBytes(modelUrl)), { taps });
  const webgl = backend === 'webgl';
  return {
    info: {
      runtime: 'tfjs-0.14', runtimeVersion: tf.version.tfjs, variant: backend, threads, threadsActual: 1,
      backend: webgl ? `webgl ${tf.ENV.get('WEBGL_VERSION')}` : backend,
      float32Textures: webgl ? tf.ENV.get('WEBGL_RENDER_FLOAT32_ENABLED') : null,
      keras: model.layers,
    },
    run: (feeds) => model.run(feeds),
    // tf.profile() of 0.14 records memory per kernel, not time: its kernel timer runs only in
    // debug mode, which reads every kernel's output back and logs it.
    async profile() {
      throw new Error(`unavailable: TF.js ${tf.version.tfjs} times kernels only in its debug mode (its tf.profile() records memory, not time)`);
    },
    extraMemory: () => ({ tfjsBytes: tf.memory().numBytes, tfjsTensors: tf.memory().numTensors }),
    release() { model.dispose(); },
  };
}
