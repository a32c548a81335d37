// Labeled test sets, read in the browser from the same files the PC reference was made from.
// Fashion-MNIST: Debian's dataset-fashion-mnist IDX files (gzip), served under /datasets/.
const FASHION = '/datasets/fashion-mnist';

async function fetchGunzip(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function idx(bytes, expectedMagic) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) throw new Error(`bad IDX magic ${magic.toString(16)}`);
  const rank = magic & 0xff;
  const dims = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * rank) };
}

// Images as float32 NCHW [n,1,28,28], preprocessed exactly as models/common/fashion_mnist.py:
// uint8 / 255 in float32 (Math.fround of the double quotient is bit-identical to torch's).
export async function fashionMnistTest() {
  const [images, labels] = await Promise.all([
    fetchGunzip(`${FASHION}/t10k-images-idx3-ubyte.gz`),
    fetchGunzip(`${FASHION}/t10k-labels-idx1-ubyte.gz`),
  ]);
  const im = idx(images, 0x803);
  const lb = idx(labels, 0x801);
  const pixels = new Float32Array(im.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = im.data[i] / 255;
  return { count: im.dims[0], sampleShape: [1, im.dims[1], im.dims[2]], pixels, labels: lb.data };
}
