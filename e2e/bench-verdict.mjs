// What makes a bench run fail (exit 1) and what only warns: wasmnn must run every combination
// and agree with the PC reference; a peer that disagrees or cannot run is reported, not a failure
// of this project.

// Outputs agree with the PC reference when every sample's max |error| is within this share of
// that sample's reference range (max |ref|): float32 reorderings stay far below it, a wrong
// kernel does not. Top-1 agreement is reported beside it.
export const AGREEMENT_REL_TOLERANCE = 1e-3;

/** runs: the records of a run. Returns {failures: [msg], warnings: [msg]}. */
export function failuresOf(runs) {
  const failures = [];
  const warnings = [];
  for (const r of runs) {
    const what = `${r.browser} ${r.model} ${r.runtime} t${r.threads}${r.batch > 1 ? ` b${r.batch}` : ''}`;
    const ours = r.runtime === 'wasmnn';
    if (r.status === 'error') {
      (ours ? failures : warnings).push(`${what}: ${r.reason}${r.retriedAfter ? ' (the first attempt failed too)' : ''}`);
    } else if (r.status === 'disagrees' && r.agreementWidened) {
      // ORT disagrees with itself on this model (models/external): the bench's plain rule cannot
      // judge it; the external tests judge it against ORT's envelope.
      warnings.push(`${what}: max rel error ${r.accuracy.maxRelError.toExponential(2)} > ${r.agreementRelTolerance ?? AGREEMENT_REL_TOLERANCE}, on a model where ` +
        'onnxruntime-node disagrees with itself: judged by the external tests against ORT\'s envelope (e2e/external.spec.mjs, wnn-external)');
    } else if (r.status === 'disagrees') {
      (ours ? failures : warnings).push(`${what}: outputs disagree with the PC reference ` +
        `(max rel error ${r.accuracy.maxRelError.toExponential(2)} > ${r.agreementRelTolerance ?? AGREEMENT_REL_TOLERANCE}` +
        `${r.agreementRule ? `, the ${r.agreementRule} rule of models/external` : ''})`);
    } else if (ours && r.status === 'ok' && r.accuracy.agreement < 1) {
      failures.push(`${what}: top-1 agreement with the PC reference is ${r.accuracy.agreement}, not 1`);
    }
  }
  return { failures, warnings };
}
