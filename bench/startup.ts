/**
 * Start-up: a child process that imports koffi-mapi, loads MAPI (the sample provider) and calls
 * MAPIInitialize, logs on and opens the default store, timed from spawn to exit, against
 * `node -e ''` spawned the same way. Interleaved; medians. The child also reports its own phases.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROVIDER, ROOT, interleave, stat, round, median, type Figure } from './common';

interface Phases {
  processStartToMain: number;
  import: number;
  loadInitialize: number;
  logon: number;
  defaultStore: number;
  total: number;
}

function timeSpawn(args: string[], phases?: Phases[], env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: env ?? process.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return reject(new Error(`startup: ${args.join(' ')} exited with ${code}`));
      if (phases) {
        const m = /@@BENCH-RESULT@@(.*)/.exec(out);
        if (!m) return reject(new Error('startup: the child printed no phases'));
        phases.push(JSON.parse(m[1]) as Phases);
      }
      resolve(ms);
    });
  });
}

/**
 * The CLI's offline start-up: `koffi-mapi error 0x8004010F` from an installed package (packed and
 * installed into a temp folder by scripts/pack.js, as a user would) and from this clone (bin/ runs the
 * TypeScript sources through its transpile cache when dist/ is missing or stale, as after `npm ci`),
 * each against `node -e ''`. Target: under 2x.
 */
export async function cliStartupFigures(opts: { quick?: boolean } = {}): Promise<Figure[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'koffi-mapi-bench-cli-'));
  try {
    const { pack, install } = require(path.join(ROOT, 'scripts', 'pack.js')) as { pack(out: string): string; install(tgz: string, dir: string): string };
    const consumer = install(pack(path.join(tmp, 'tarball')), path.join(tmp, 'consumer'));
    const installedBin = path.join(consumer, 'node_modules', 'koffi-mapi', 'bin', 'koffi-mapi.js');
    const cloneBin = path.join(ROOT, 'bin', 'koffi-mapi.js');
    const args = ['error', '0x8004010F'];
    const env = { ...process.env, KOFFI_MAPI_TRACE: '' };
    const cloneEnv = { ...env, KOFFI_MAPI_CLI_SOURCE: '1' };
    const installed = () => timeSpawn([installedBin, ...args], undefined, env);
    const clone = () => timeSpawn([cloneBin, ...args], undefined, cloneEnv);
    const empty = () => timeSpawn(['-e', '']);
    await installed();
    await clone(); // fills the transpile cache, as any first run does
    await empty();
    const s = await interleave(opts.quick ? 3 : 15, { installed, clone, empty });
    const e = stat(s.empty);
    const fig = (name: string, label: string, samples: number[], how: string): Figure => {
      const b = stat(samples);
      const ratio = round(b.median / e.median, 3);
      return {
        name,
        unit: 'ms',
        subject: { label, value: b.median, stat: b },
        baseline: { label: "node -e ''", value: e.median, stat: e },
        ratio,
        ratioMeaning: 'CLI start-up time / empty node time',
        target: { text: "koffi-mapi error <= 2x node -e ''", pass: ratio <= 2 },
        details: { differenceMs: round(b.median - e.median, 4), how },
      };
    };
    return [
      fig('CLI start-up (installed)', 'koffi-mapi error 0x8004010F, installed package (dist/)', s.installed, 'npm pack + npm install into a temp folder; node <consumer>/node_modules/koffi-mapi/bin/koffi-mapi.js'),
      fig('CLI start-up (clone)', 'node bin/koffi-mapi.js error 0x8004010F, clone sources', s.clone, 'KOFFI_MAPI_CLI_SOURCE=1: the TypeScript sources through the transpile cache, as in a clone without dist/'),
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function startupFigure(opts: { quick?: boolean } = {}): Promise<Figure> {
  const child = path.join(__dirname, 'startup-child.js');
  const phases: Phases[] = [];
  const bridge = () => timeSpawn([child, PROVIDER], phases);
  const empty = () => timeSpawn(['-e', '']);
  // Warm the file cache for both.
  await bridge();
  await empty();
  phases.length = 0;
  const s = await interleave(opts.quick ? 3 : 9, { bridge, empty });
  const b = stat(s.bridge);
  const e = stat(s.empty);
  const ph = (k: keyof Phases) => round(median(phases.map((p) => p[k])), 4);
  return {
    name: 'start-up',
    unit: 'ms',
    subject: { label: 'node: import + initialize + logon + default store', value: b.median, stat: b },
    baseline: { label: "node -e ''", value: e.median, stat: e },
    ratio: round(b.median / e.median, 3),
    ratioMeaning: 'bridge start-up time / empty node time',
    target: { text: "<= 1.5x node -e ''", pass: b.median / e.median <= 1.5 },
    details: {
      differenceMs: round(b.median - e.median, 4),
      phasesMs: {
        processStartToMain: ph('processStartToMain'),
        import: ph('import'),
        loadInitialize: ph('loadInitialize'),
        logon: ph('logon'),
        defaultStore: ph('defaultStore'),
        what: 'inside the child (performance.now() since process start); import = require of the compiled library incl. Koffi',
      },
    },
  };
}
