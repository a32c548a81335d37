// The per-layer time beside the per-layer errors: a runtime's profile, one step per node it ran
// ({node, op, ms, fused?}), joined to the workbench's layers by the node that computes each value,
// so one table answers "where does it go wrong" and "where does the time go". Pure JS: the bench
// page, the workbench page and Node's report use it.

/**
 * profile: {available, steps: [{node, op, ms, fused?: [node names merged into it]}], note} or
 * null. Returns the layers with `ms` (the node's time per run; null when it has no step of its
 * own) and, where there is no time, `timeNote` saying why. A node with several outputs gets its
 * time on the first of them.
 */
export function attachLayerTimes(layers, profile) {
  if (!profile?.available) return layers.map((l) => ({ ...l, ms: null, timeNote: 'no profile' }));
  const byNode = new Map();
  const mergedInto = new Map();
  for (const s of profile.steps) {
    byNode.set(s.node, (byNode.get(s.node) ?? 0) + s.ms);
    for (const f of s.fused ?? []) mergedInto.set(f, s.node);
  }
  const timed = new Set();
  return layers.map((l) => {
    if (byNode.has(l.node)) {
      if (timed.has(l.node)) return { ...l, ms: null, timeNote: 'its node is timed on its first output' };
      timed.add(l.node);
      return { ...l, ms: byNode.get(l.node) };
    }
    if (mergedInto.has(l.node)) return { ...l, ms: null, timeNote: `in ${mergedInto.get(l.node)} (merged into it at load)` };
    return { ...l, ms: null, timeNote: profile.untimedNote ?? 'no step of its own in this runtime' };
  });
}

/** The time summary the report shows: total per run and the slowest nodes. */
export function timeSummary(profile, slowest = 5) {
  if (!profile?.available) return { available: false, note: profile?.note ?? 'no profile' };
  const totalMs = profile.steps.reduce((a, s) => a + s.ms, 0);
  const top = [...profile.steps].sort((a, b) => b.ms - a.ms).slice(0, slowest)
    .map((s) => ({ node: s.node, op: s.op, ms: s.ms, share: totalMs > 0 ? s.ms / totalMs : 0 }));
  return { available: true, source: profile.source, runs: profile.runs, totalMs, runMs: profile.runMs ?? null, slowest: top, note: profile.note ?? null };
}
