import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ChromiumProcess {
  pid: number;
  /** `browser` for the main process, else Chromium's --type (renderer, gpu-process, zygote, utility…). */
  type: string;
  /** Proportional set size (see pssKb). */
  pssKb: number;
}

/** Profile folders seen per renderer tag: children carry the profile, only the main process carries the tag. */
const profiles = new Map<string, Set<string>>();

function cmdline(pid: string): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * Proportional set size: each process's share of the memory it maps, so shared pages (Chromium's
 * binary, fonts, the zygote's) are counted once across the tree, not once per process as RSS would.
 */
function pssKb(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Every live process of the Chromiums a PdfRenderer launched (found by the renderer's tag on the
 * main process and by their profile folder on its children), orphans included: other engineers'
 * and other tests' Chromiums on the machine are never counted.
 */
export function chromiumProcesses(tag: string): ChromiumProcess[] {
  const marker = `--tally-pdf-renderer=${tag}`;
  const known = profiles.get(tag) ?? new Set<string>();
  profiles.set(tag, known);
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => ({ pid: Number(pid), args: cmdline(pid) }))
    .filter((p): p is { pid: number; args: string[] } => p.args !== null && p.args.length > 0)
    // Chromium's children rewrite their argv into one string: match within it.
    .map((p) => ({ ...p, line: p.args.join(' ') }));
  for (const p of all) {
    if (!p.args.includes(marker)) continue;
    const profile = /--user-data-dir=(\S+)/.exec(p.line)?.[1];
    if (profile) known.add(profile);
  }
  return all
    .filter((p) => p.args.includes(marker) || [...known].some((dir) => p.line.includes(`--user-data-dir=${dir}`)))
    .map((p) => ({
      pid: p.pid,
      type: /--type=(\S+)/.exec(p.line)?.[1] ?? 'browser',
      pssKb: pssKb(p.pid),
    }));
}

/** The main browser processes with the tag, as `pgrep -f` sees them. */
export function pgrepBrowsers(tag: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', `--tally-pdf-renderer=${tag}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export const processRssMb = (): number => Math.round(process.memoryUsage().rss / 1_048_576);
/** The memory all of a renderer's Chromium processes hold together (sum of PSS). */
export const chromiumMemoryMb = (tag: string): number =>
  Math.round(chromiumProcesses(tag).reduce((sum, p) => sum + p.pssKb, 0) / 1024);
