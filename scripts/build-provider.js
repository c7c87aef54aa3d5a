#!/usr/bin/env node
/*
 * Builds the native sample provider (sample-provider/src/*.c) with the system C compiler.
 *
 *   node scripts/build-provider.js                      native build (Linux: libkmapi_sample.so)
 *   node scripts/build-provider.js --target win-x64     MinGW DLL: build/win-x64/kmapi_sample.dll
 *   node scripts/build-provider.js --target win-ia32    MinGW DLL: build/win-ia32/kmapi_sample.dll
 *   options: --smoke      also build and run test/smoke.c, test/sync_test.c, test/notify_test.c, test/check_knobs_test.c, test/platform_test.c and test/rtf_test.c (Windows targets
 *                         are only built, unless KMAPI_WINE names a Wine loader to run them with,
 *                         e.g. KMAPI_WINE=/usr/lib/wine/wine64 with a WINEPREFIX)
 *            --valgrind   run the smoke test under valgrind --leak-check=full --error-exitcode=1
 *            --force      rebuild even if the output is newer than every source
 *            --quiet      print nothing but the output path
 *            --out DIR    put the library in DIR instead of sample-provider/build/<platform>/
 *   env:     CC (native compiler, default "cc"), CC_WIN_X64, CC_WIN_IA32 (MinGW compilers)
 *
 * Prints the path of the built library. Exits non-zero, with the compiler's messages, on failure.
 * Plain CommonJS, no dependencies: `require('./scripts/build-provider').buildProvider({ target })`
 * returns the same path (test setup).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', 'sample-provider');
const SRC_DIR = path.join(ROOT, 'src');
const TEST_DIR = path.join(ROOT, 'test');
const BUILD_DIR = path.join(ROOT, 'build');

/** Base name of the provider library: libkmapi_sample.so / kmapi_sample.dll / libkmapi_sample.dylib. */
const PROVIDER_LIB_NAME = 'kmapi_sample';

/**
 * Every export, with its x86 __stdcall argument size (the N of the decorated `Name@N`).
 * The Windows .def file is generated from this list; keep it in sync with src/kmapi_sample.h.
 */
const EXPORTS = [
  ['MAPIInitialize', 4],
  ['MAPIUninitialize', 0],
  ['MAPILogonEx', 20],
  ['MAPIAllocateBuffer', 8],
  ['MAPIAllocateMore', 12],
  ['MAPIFreeBuffer', 4],
  ['HrQueryAllRows', 24],
  ['FreeProws', 4],
  ['WrapCompressedRTFStream', 12],
  ['MAPIAdminProfiles', 8],
  ['SampleProvider_GetStats', 4],
  ['SampleProvider_SetKnobs', 4],
  ['SampleProvider_GetLogonError', 8],
  ['SampleWaitForSingleObject', 8],
  ['SampleCloseHandle', 4],
  ['SampleGetThreadId', 4],
];

const COMMON_FLAGS = ['-std=c11', '-O2', '-g', '-Wall', '-Wextra'];

/** Resolves a target name to what is needed to build it. */
function resolveTarget(target) {
  const name = target || 'native';
  if (name === 'win-x64' || name === 'win-ia32' || (name === 'native' && process.platform === 'win32')) {
    const winArch = name === 'native' ? (process.arch === 'ia32' ? 'win-ia32' : 'win-x64') : name;
    const x86 = winArch === 'win-ia32';
    const cc =
      name === 'native'
        ? process.env.CC || 'gcc'
        : x86
          ? process.env.CC_WIN_IA32 || 'i686-w64-mingw32-gcc'
          : process.env.CC_WIN_X64 || 'x86_64-w64-mingw32-gcc';
    return {
      name: winArch,
      windows: true,
      x86,
      cc,
      // Windows builds always go to build/win-x64 or build/win-ia32 (native or cross-compiled).
      dir: path.join(BUILD_DIR, winArch),
      file: `${PROVIDER_LIB_NAME}.dll`,
      smokeFile: 'smoke.exe',
    };
  }
  if (name !== 'native') throw new Error(`unknown target '${name}' (use native, win-x64 or win-ia32)`);
  const mac = process.platform === 'darwin';
  return {
    name,
    windows: false,
    x86: false,
    cc: process.env.CC || 'cc',
    dir: path.join(BUILD_DIR, `${process.platform}-${process.arch}`),
    file: mac ? `lib${PROVIDER_LIB_NAME}.dylib` : `lib${PROVIDER_LIB_NAME}.so`,
    smokeFile: 'smoke',
  };
}

/** The path the library of a target is (or will be) built at. */
function libraryPath(target) {
  const t = resolveTarget(target);
  return path.join(t.dir, t.file);
}

/**
 * The .def file: plain names and decorated `Name@N` aliases. On x86 the C symbols are the
 * decorated ones (__stdcall), so the plain name is the alias; on x64 it is the other way round
 * (decorated aliases help callers that follow Wine's mapi32.spec, which has only `Name@N` for
 * some functions).
 */
function defFileText(x86) {
  const lines = [`LIBRARY ${PROVIDER_LIB_NAME}.dll`, 'EXPORTS'];
  for (const [name, bytes] of EXPORTS) {
    if (x86) lines.push(`  ${name}=${name}@${bytes}`, `  ${name}@${bytes}`);
    else lines.push(`  ${name}`, `  ${name}@${bytes}=${name}`);
  }
  return lines.join('\n') + '\n';
}

function listSources() {
  const all = fs.readdirSync(SRC_DIR).map((f) => path.join(SRC_DIR, f));
  return {
    c: all.filter((f) => f.endsWith('.c')).sort(),
    deps: all.filter((f) => f.endsWith('.c') || f.endsWith('.h')).concat([__filename]),
  };
}

function isUpToDate(output, inputs) {
  let outTime;
  try {
    outTime = fs.statSync(output).mtimeMs;
  } catch {
    return false;
  }
  return inputs.every((f) => fs.statSync(f).mtimeMs < outTime);
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) {
    const hint = r.error.code === 'ENOENT' ? ` (is '${cmd}' installed? set CC / CC_WIN_X64 / CC_WIN_IA32)` : '';
    const err = new Error(`cannot run ${cmd}: ${r.error.message}${hint}`);
    err.code = r.error.code === 'ENOENT' ? 'ERR_NO_COMPILER' : 'ERR_RUN';
    err.command = cmd;
    throw err;
  }
  return r;
}

/** Compiles into a temporary file and renames it, so concurrent builds never see half a file. */
function compile(t, args, output, quiet) {
  const tmp = `${output}.tmp-${process.pid}`;
  const r = run(t.cc, [...args, '-o', tmp]);
  if (r.status !== 0) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    const err = new Error(`${t.cc} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    err.compilerOutput = r.stderr + r.stdout;
    throw err;
  }
  if (!quiet && (r.stderr || r.stdout)) process.stderr.write(r.stderr + r.stdout);
  fs.renameSync(tmp, output);
}

/**
 * Builds the provider for `target` ('native' | 'win-x64' | 'win-ia32') unless it is up to date.
 * Returns the library path. Options: force, quiet, smoke (build and run test/smoke.c), valgrind.
 */
function buildProvider(options = {}) {
  const { target, force = false, quiet = true, smoke = false, valgrind = false, outDir } = options;
  const t = resolveTarget(target);
  if (outDir) t.dir = path.resolve(outDir);
  fs.mkdirSync(t.dir, { recursive: true });
  const output = path.join(t.dir, t.file);
  const sources = listSources();

  if (force || !isUpToDate(output, sources.deps)) {
    let args;
    if (t.windows) {
      const def = path.join(t.dir, `${PROVIDER_LIB_NAME}.def`);
      fs.writeFileSync(def, defFileText(t.x86));
      // -static-libgcc: no libgcc_s DLL next to the provider; the DLL needs only kernel32 and msvcrt.
      args = [...COMMON_FLAGS, '-shared', '-static-libgcc', ...sources.c, def];
    } else {
      args = [...COMMON_FLAGS, '-fPIC', '-shared', '-pthread', '-fvisibility=hidden', ...sources.c];
      if (process.platform === 'linux') args.push('-Wl,--no-undefined');
    }
    compile(t, args, output, quiet);
  }

  if (smoke) buildAndRunSmoke(t, output, { quiet, valgrind, force });
  return output;
}

/**
 * Builds test/smoke.c, test/sync_test.c, test/notify_test.c, test/share_test.c, test/profile_test.c, test/check_knobs_test.c and test/ab_test.c (linked to the library), test/platform_test.c (with
 * src/platform.c) and test/rtf_test.c (with src/rtfcp.c), then runs them.
 */
function buildAndRunSmoke(t, library, { quiet, valgrind, force }) {
  const deps = listSources().deps;
  const programs = [
    {
      src: path.join(TEST_DIR, 'smoke.c'),
      exe: path.join(t.dir, t.smokeFile),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'sync_test.c'),
      exe: path.join(t.dir, t.windows ? 'sync_test.exe' : 'sync_test'),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'notify_test.c'),
      exe: path.join(t.dir, t.windows ? 'notify_test.exe' : 'notify_test'),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'share_test.c'),
      exe: path.join(t.dir, t.windows ? 'share_test.exe' : 'share_test'),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'profile_test.c'),
      exe: path.join(t.dir, t.windows ? 'profile_test.exe' : 'profile_test'),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'check_knobs_test.c'),
      exe: path.join(t.dir, t.windows ? 'check_knobs_test.exe' : 'check_knobs_test'),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'ab_test.c'),
      exe: path.join(t.dir, t.windows ? 'ab_test.exe' : 'ab_test'),
      args: (src) =>
        t.windows
          ? [...COMMON_FLAGS, src, library, '-static-libgcc']
          : [...COMMON_FLAGS, src, `-L${t.dir}`, `-l${PROVIDER_LIB_NAME}`, '-pthread', `-Wl,-rpath,${t.dir}`],
    },
    {
      src: path.join(TEST_DIR, 'platform_test.c'),
      exe: path.join(t.dir, t.windows ? 'platform_test.exe' : 'platform_test'),
      args: (src) => [...COMMON_FLAGS, src, path.join(SRC_DIR, 'platform.c'), t.windows ? '-static-libgcc' : '-pthread'],
    },
    {
      src: path.join(TEST_DIR, 'rtf_test.c'),
      exe: path.join(t.dir, t.windows ? 'rtf_test.exe' : 'rtf_test'),
      args: (src) => [...COMMON_FLAGS, src, path.join(SRC_DIR, 'rtfcp.c'), ...(t.windows ? ['-static-libgcc'] : [])],
    },
  ];
  for (const p of programs) {
    if (force || !isUpToDate(p.exe, [p.src, library, ...deps])) compile(t, p.args(p.src), p.exe, quiet);
  }
  for (const p of programs) {
    let cmd = p.exe;
    let args = [];
    if (t.windows && process.platform !== 'win32') {
      if (!process.env.KMAPI_WINE) {
        if (!quiet) console.error(`built ${p.exe} (not run: set KMAPI_WINE to a Wine loader to run it)`);
        continue;
      }
      cmd = process.env.KMAPI_WINE;
      args = [p.exe];
    }
    let env = process.env;
    if (valgrind) {
      args = ['--leak-check=full', '--error-exitcode=1', cmd, ...args];
      cmd = 'valgrind';
      // check_knobs_test skips leak.thread then: a thread still running at exit is "possibly lost".
      env = { ...process.env, KMAPI_VALGRIND: '1' };
    }
    const r = run(cmd, args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`${path.basename(p.exe)} failed (exit ${r.status})`);
  }
}

function main(argv) {
  const opts = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--target') opts.target = argv[++i];
    else if (a.startsWith('--target=')) opts.target = a.slice('--target='.length);
    else if (a === '--out') opts.outDir = argv[++i];
    else if (a.startsWith('--out=')) opts.outDir = a.slice('--out='.length);
    else if (a === '--smoke') opts.smoke = true;
    else if (a === '--valgrind') opts.valgrind = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 20).join('\n'));
      return 0;
    } else {
      console.error(`unknown option ${a}`);
      return 2;
    }
  }
  try {
    console.log(buildProvider(opts));
    return 0;
  } catch (e) {
    console.error(e.message);
    return 1;
  }
}

module.exports = { buildProvider, resolveTarget, libraryPath, defFileText, PROVIDER_LIB_NAME, EXPORTS };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
