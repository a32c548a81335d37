// Process-tree helpers over Linux /proc: who is a child of whom, and which
// executable each process runs. Shared by memory.mjs (PSS of a browser's
// tree) and the engines (finding a browser's main pid, killing leftovers).
import fs from 'node:fs';
import path from 'node:path';

/** Map pid -> parent pid for every process visible in /proc right now. */
export function parentMap() {
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; } // exited meanwhile
    // Format: "pid (comm) state ppid ...": comm may hold spaces and ')', so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parents.set(Number(entry), ppid);
  }
  return parents;
}

/** All descendants of rootPid (not rootPid itself), parents before children. */
export function descendants(rootPid, parents = parentMap()) {
  const children = new Map();
  for (const [pid, ppid] of parents) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const queue = [rootPid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) { out.push(child); queue.push(child); }
  }
  return out;
}

/** Whether pid is a running process (not exited, not a zombie waiting to be reaped). */
export function isRunning(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Basename of the executable a process runs ('' if it is gone or not ours to read). */
export function exeName(pid) {
  try { return path.basename(fs.readlinkSync(`/proc/${pid}/exe`)); } catch { return ''; }
}

/**
 * The topmost process below ancestorPid running an executable called `name`
 * whose pid is not in `exclude` (pids that existed before a launch).
 */
export function findProcess(ancestorPid, name, exclude = new Set()) {
  const parents = parentMap();
  const matches = descendants(ancestorPid, parents).filter((pid) => !exclude.has(pid) && exeName(pid) === name);
  return matches.find((pid) => !matches.includes(parents.get(pid)));
}

/** Poll findProcess until the process shows up (or give up after timeoutMs). */
export async function waitForProcess(ancestorPid, name, { exclude, timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = findProcess(ancestorPid, name, exclude);
    if (pid) return pid;
    if (Date.now() > deadline) throw new Error(`no '${name}' process appeared below pid ${ancestorPid}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * SIGKILL processes, everything below them, and the process groups they lead.
 * All trees are listed before anything is killed: a child whose parent dies
 * first is re-parented to init and could no longer be found. Synchronous, so
 * it also works in an 'exit' handler.
 */
export function killTree(rootPids) {
  const roots = [rootPids].flat().filter(Boolean);
  const parents = parentMap();
  const victims = roots.flatMap((root) => [root, ...descendants(root, parents)]);
  for (const pid of [...roots.map((root) => -root), ...victims]) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone, or not a group leader */ }
  }
}

/**
 * Make sure process trees we started die with us, even if their owner never
 * gets to close them (a failed test, an uncaught exception, process.exit()).
 * `rootPids` is read at exit time, so a caller may push pids into it later.
 * Returns a function that cancels the hook once the trees are closed normally.
 */
export function killTreeOnExit(rootPids) {
  const hook = () => killTree(rootPids);
  process.once('exit', hook);
  return () => process.removeListener('exit', hook);
}
