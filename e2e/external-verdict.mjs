// What a run of one external model (web/harness/external.js's runExternal) means for a test:
// 'refused' (wasmnn declined it: listed with its message, neither passed nor failed), 'pass' or
// 'fail' with the lines that say why. Shared by e2e/external.spec.mjs (browsers) and its Node
// check (e2e/external-verdict.spec.mjs).
export function externalVerdict(r) {
  if (r.refused !== undefined) return { status: 'refused', reason: `refused: ${r.refused.split('\n')[0]}` };
  const rule = r.agreement.widened
    ? `ORT disagrees with itself (${r.agreement.ortSpread.filter((s) => s.maxRelError > r.agreement.relTolerance)
      .map((s) => `${s.config}: ${s.maxRelError.toExponential(1)}`).join('; ')}): judged against ORT's envelope`
    : `the bench's rule (${r.agreement.relTolerance} of each sample's range)`;
  const lines = r.outputs.map((o) => o.line);
  return { status: r.outputs.every((o) => o.pass) ? 'pass' : 'fail', rule, lines };
}
