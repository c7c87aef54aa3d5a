/**
 * Start-up: a child process that imports koffi-mapi, loads MAPI (the sample provider) and calls
 * MAPIInitialize, logs on and opens the default store, timed from spawn to exit, against
 * `node -e ''` spawned the same way. Interleaved; medians. The child also reports its own phases.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROVIDER, interleave, stat, round, median, type Figure } from './common';

interface Phases {
  processStartToMain: number;
  import: number;
  loadInitialize: number;
  logon: number;
  defaultStore: number;
  total: number;
}

function timeSpawn(args: string[], phases?: Phases[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
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
    target: null,
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
