#!/usr/bin/env node
/**
 * Builds the native helpers of the test suite (__tests__/native/*.c): the COM caller library and the
 * struct-layout printer. `--target linux-x64` (default: this machine), `win-x64` or `win-ia32` (MinGW).
 * Skips anything newer than its source.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const src = path.join(root, '__tests__', 'native');

const TARGETS = {
  host: { cc: process.env.CC || 'cc', lib: 'libcomcaller.so', exe: 'layouts', libFlags: ['-fPIC', '-shared', '-pthread', '-fvisibility=hidden'] },
  'win-x64': { cc: 'x86_64-w64-mingw32-gcc', lib: 'comcaller.dll', exe: 'layouts.exe', libFlags: ['-shared', '-static-libgcc'] },
  'win-ia32': { cc: 'i686-w64-mingw32-gcc', lib: 'comcaller.dll', exe: 'layouts.exe', libFlags: ['-shared', '-static-libgcc', '-Wl,--kill-at'] },
};

function outDir(target) {
  return path.join(src, 'build', target === 'host' ? `${process.platform}-${process.arch}` : target);
}

function stale(out, inputs) {
  if (!fs.existsSync(out)) return true;
  const t = fs.statSync(out).mtimeMs;
  return inputs.some((f) => fs.statSync(f).mtimeMs > t);
}

function buildTestNative(target = 'host') {
  const t = TARGETS[target];
  if (!t) throw new Error(`Unknown target '${target}' (host, win-x64, win-ia32)`);
  const dir = outDir(target);
  fs.mkdirSync(dir, { recursive: true });
  const lib = path.join(dir, t.lib);
  const exe = path.join(dir, t.exe);
  const caller = path.join(src, 'comcaller.c');
  const layouts = path.join(src, 'layouts.c');
  if (stale(lib, [caller])) execFileSync(t.cc, ['-O2', '-Wall', '-Wextra', '-Werror', ...t.libFlags, '-o', lib, caller], { stdio: 'inherit' });
  if (stale(exe, [layouts])) execFileSync(t.cc, ['-O0', '-Wall', '-Werror', '-o', exe, layouts], { stdio: 'inherit' });
  return { lib, exe, dir };
}

module.exports = { buildTestNative, outDir };

if (require.main === module) {
  const i = process.argv.indexOf('--target');
  const r = buildTestNative(i > 0 ? process.argv[i + 1] : 'host');
  console.log(r.lib);
  console.log(r.exe);
}
