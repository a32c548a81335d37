// A per-layer reference set: what `models/reference MODEL.onnx INPUTS --layers ROWS -o DIR`
// writes (models/README.md): DIR/manifest.json (format wasmnn-reference/1 with `layers` in the
// full format), the input .npy files it names, and DIR/layers/NNN_<value>.npy, one per ONNX value,
// whose row j is input sample layers.sampleRows[j]. Opened from its URL (the zoo's sets, the bench
// page) or from files a person chose or dropped in the workbench page.
import { loadSet } from '../benchset.js';
import { fetchNpy, parseNpy } from '../npy.js';

const WRITE_ONE = 'models/reference MODEL.onnx INPUTS --layers 0,1 -o DIR writes one';

function checkLayers(manifest, where) {
  if (manifest.format !== 'wasmnn-reference/1') {
    throw new Error(`${where} is not a wasmnn reference manifest (format '${manifest.format}'); ${WRITE_ONE}`);
  }
  const L = manifest.layers;
  if (!L || L.format !== 'full' || !Array.isArray(L.values)) {
    throw new Error(`${where} has no per-layer values in the full format (one .npy per value); ${WRITE_ONE}`);
  }
  return L;
}

/** {manifest, layers, producer, samples (the inputs, see loadSet), readNpy(file), where}. */
async function open(manifest, readNpy, where) {
  const layers = checkLayers(manifest, where);
  const samples = await loadSet(manifest, readNpy, { outputs: false });
  return { manifest, layers, producer: layers.producer, samples, readNpy, where };
}

export async function openLayerSetUrl(manifestUrl) {
  const url = new URL(manifestUrl, location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return open(await response.json(), (file) => fetchNpy(new URL(file, url).href), url.pathname);
}

// Path of a chosen file inside what was chosen: a folder pick or drop gives it (webkitRelativePath,
// or `relativePath` set by the drop handler), a plain multi-file pick gives the name only.
const pathOf = (file) => file.relativePath || file.webkitRelativePath || file.name;
const baseName = (p) => p.slice(p.lastIndexOf('/') + 1);
const folderOf = (p) => p.slice(0, p.lastIndexOf('/') + 1);

// "a/b/../c.npy" relative to "x/y/" -> "x/c.npy" ('..' past the top stays as '..').
function joinPath(folder, file) {
  const parts = [];
  for (const part of (folder + file).split('/')) {
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/**
 * files: File objects (the manifest.json, the .npy files it names, and anything else, e.g. the
 * .onnx). Each file the manifest names is found by its path relative to the manifest, else by its
 * name when only one chosen file has it.
 */
export async function openLayerSetFiles(files) {
  const manifests = files.filter((f) => baseName(pathOf(f)).endsWith('.json'));
  if (!manifests.length) {
    throw new Error(`no manifest.json among the ${files.length} chosen file(s): choose a per-layer reference set ` +
      `(its manifest.json, input .npy files and layers/*.npy, or the whole folder) together with the .onnx; ${WRITE_ONE}`);
  }
  const parsed = [];
  for (const f of manifests) {
    let json;
    try { json = JSON.parse(await f.text()); } catch (e) { throw new Error(`${pathOf(f)} is not JSON: ${e.message}`); }
    if (json?.layers) parsed.push({ file: f, json });
  }
  if (parsed.length !== 1) {
    throw new Error(parsed.length ? `${parsed.length} of the chosen files are per-layer manifests (${parsed.map((p) => pathOf(p.file)).join(', ')}); choose one set`
      : `none of the chosen .json files (${manifests.map(pathOf).join(', ')}) has per-layer values; ${WRITE_ONE}`);
  }
  const { file: manifestFile, json: manifest } = parsed[0];
  const byPath = new Map(files.map((f) => [pathOf(f), f]));
  const byName = new Map();
  for (const f of files) byName.set(baseName(pathOf(f)), [...(byName.get(baseName(pathOf(f))) ?? []), f]);
  const home = folderOf(pathOf(manifestFile));
  const find = (name) => {
    const exact = byPath.get(joinPath(home, name));
    if (exact) return exact;
    const same = byName.get(baseName(name)) ?? [];
    if (same.length === 1) return same[0];
    if (same.length > 1) {
      throw new Error(`${same.length} chosen files are called ${baseName(name)} (${same.map(pathOf).join(', ')}); ` +
        `choose the files of one reference set, or its folder`);
    }
    throw new Error(`${pathOf(manifestFile)} names '${name}', which is not among the chosen files: choose the ` +
      `manifest.json together with every .npy file it names (its inputs and layers/*.npy), or drop the whole folder`);
  };
  const readNpy = async (name) => {
    const file = find(name);
    try {
      return parseNpy(await file.arrayBuffer());
    } catch (e) {
      throw new Error(`${pathOf(file)}: ${e.message}`);
    }
  };
  return open(manifest, readNpy, pathOf(manifestFile));
}
