/**
 * Runs a Node child process with its stdout and stderr in files (Windows Node under Wine cannot write
 * to a pipe), and resolves with how it ended once it has: its exit code or signal, its output, and how
 * long it took. A child still running at the timeout is killed.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { spawn } from 'node:child_process';

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runToFiles(args: readonly string[], o: { base: string; cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ChildOutcome> {
  const out = fs.openSync(`${o.base}.out`, 'w');
  const err = fs.openSync(`${o.base}.err`, 'w');
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', out, err], windowsHide: true });
    const timer = setTimeout(() => child.kill(), o.timeoutMs);
    let finished = false;
    const done = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      fs.closeSync(out);
      fs.closeSync(err);
      // A file that is gone (the suite timed out and cleaned up under a late child) reads as a note,
      // never as an exception thrown from a child's 'close' event.
      const read = (f: string) => {
        try {
          return fs.readFileSync(f, 'utf8').replace(/\r\n/g, '\n');
        } catch (e) {
          return `(output unavailable: ${(e as Error).message})`;
        }
      };
      resolve({
        code,
        signal,
        stdout: read(`${o.base}.out`),
        stderr: read(`${o.base}.err`) + (spawnError ? `\n(spawn failed: ${spawnError.message})` : ''),
        ms: Date.now() - t0,
      });
    };
    child.on('error', (e) => done(null, null, e));
    child.on('close', (code, signal) => done(code, signal));
  });
}

/**
 * lib/ and ffi-defs/ transpiled to CommonJS (no type check) under `out`, once per test file: a child
 * then needs only Node (about 0.1 s to start, against seconds for ts-node). `out` must be under the
 * package root, so that require('koffi') and packageRoot() resolve as from lib/.
 */
export function transpileLib(root: string, out: string): void {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  for (const top of ['lib', 'ffi-defs']) {
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
          const js = ts.transpileModule(fs.readFileSync(path.join(root, rel), 'utf8'), { compilerOptions, fileName: rel }).outputText;
          fs.mkdirSync(path.join(out, dir), { recursive: true });
          fs.writeFileSync(path.join(out, rel.replace(/\.ts$/, '.js')), js);
        }
      }
    };
    walk(top);
  }
}

/** Where a test file's child scripts live: `dir` (their output files go there too), `lib` (the transpiled lib/), `script`. */
export interface ChildWorkspace {
  readonly dir: string;
  readonly lib: string;
  readonly script: string;
}

/**
 * For the describe (or file) it is called in: a scratch folder under the package root's .cache with
 * lib/ transpiled into it and `source` written there as the child script, made in beforeAll and removed
 * in afterAll. The folder comes from mkdtemp, never the pid: the x64 and ia32 runs under Wine have
 * separate wineservers whose pids repeat, and one run's afterAll would delete the other's children's
 * output.
 */
export function childWorkspace(root: string, prefix: string, source: string): ChildWorkspace {
  const ws = { dir: '', lib: '', script: '' };
  beforeAll(() => {
    fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
    ws.dir = fs.mkdtempSync(path.join(root, '.cache', `${prefix}-`));
    transpileLib(root, ws.dir);
    ws.lib = path.join(ws.dir, 'lib');
    ws.script = path.join(ws.dir, 'child.js');
    fs.writeFileSync(ws.script, source);
  });
  afterAll(() => {
    if (ws.dir) fs.rmSync(ws.dir, { recursive: true, force: true });
  });
  return ws;
}
