/**
 * Running the CLI in tests: as a child process (`node bin/koffi-mapi.js`, the TypeScript sources,
 * KOFFI_MAPI_CHECK_LEAKS=1 so a leak is exit code 3), and a capturing Io for in-process calls.
 */
import path from 'node:path';
import { execFile } from 'node:child_process';
import { sampleProviderPath } from '../../lib';
import type { Io } from '../../lib/cli/context';

export const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'koffi-mapi.js');
/** The DLL the suite uses: KMAPI_TEST_DLL, else (Windows) the registry's, else the sample provider. */
export const dll = process.env.KMAPI_TEST_DLL ?? (process.platform === 'win32' ? undefined : sampleProviderPath());
export const dllArgs = dll ? ['--dll', dll] : [];

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function spawnCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_CHECK_LEAKS: '1', NO_COLOR: '1' };
  for (const k of ['KOFFI_MAPI_TRACE', 'KOFFI_MAPI_TRACE_FORMAT', 'KOFFI_MAPI_PROFILE', 'MAPI_DLL']) delete childEnv[k];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: childEnv, timeout: 60000, maxBuffer: 16 << 20, cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** An Io that keeps what was written; `answer` makes it a terminal that answers questions so. */
export function capture(answer?: boolean): Io & { o: string[]; e: string[]; asked: string[] } {
  const o: string[] = [];
  const e: string[] = [];
  const asked: string[] = [];
  const confirm = answer === undefined ? undefined : async (q: string) => (asked.push(q), answer);
  return { o, e, asked, tty: false, confirm, out: (t) => void o.push(t), err: (t) => void e.push(t) };
}
