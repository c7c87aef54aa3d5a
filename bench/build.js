'use strict';
/**
 * Prepares the benchmarks: transpiles lib/, ffi-defs/ and bench/*.ts to plain JavaScript in
 * bench/.build (TypeScript's transpileModule, no type check: the same output ts-node --transpile-only
 * gives, but compiled once, so no compiler runs inside a measurement), builds bench/native/*.c with
 * `cc`, and makes sure the sample provider is built. bench/.build/koffi-mapi.js is linked from the
 * transpiled lib/ as dist/koffi-mapi.js is from tsc's (scripts/link.js). Skips anything that is up to date.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const out = path.join(__dirname, '.build');

function walk(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'native') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts')) acc.push(p);
  }
  return acc;
}

function transpile() {
  const ts = require('typescript');
  const files = [...walk(path.join(root, 'lib')), ...walk(path.join(root, 'ffi-defs')), ...walk(__dirname)];
  let n = 0;
  for (const f of files) {
    const rel = path.relative(root, f);
    const dest = path.join(out, rel.replace(/\.ts$/, '.js'));
    if (fs.existsSync(dest) && fs.statSync(dest).mtimeMs >= fs.statSync(f).mtimeMs) continue;
    const r = ts.transpileModule(fs.readFileSync(f, 'utf8'), {
      fileName: f,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        esModuleInterop: true,
        isolatedModules: true,
        sourceMap: false,
      },
    });
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, r.outputText);
    n++;
  }
  return { files: files.length, transpiled: n };
}

function buildNative() {
  const src = path.join(__dirname, 'native', 'benchnative.c');
  const lib = path.join(out, 'native', 'libbenchnative.so');
  fs.mkdirSync(path.dirname(lib), { recursive: true });
  if (!fs.existsSync(lib) || fs.statSync(lib).mtimeMs < fs.statSync(src).mtimeMs) {
    const tmp = `${lib}.${process.pid}.tmp`;
    execFileSync(process.env.CC || 'cc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-fPIC', '-shared', '-pthread', '-fvisibility=hidden', '-o', tmp, src], {
      stdio: 'inherit',
    });
    fs.renameSync(tmp, lib);
  }
  return lib;
}

function buildProvider() {
  const { buildProvider: build } = require(path.join(root, 'scripts', 'build-provider.js'));
  return build({ target: 'native', quiet: true });
}

function build() {
  const t = transpile();
  // The package's entry, as npm run build links dist/ (scripts/link.js): the start-up figure imports it.
  require(path.join(root, 'scripts', 'link.js')).link(out);
  const provider = buildProvider();
  const native = buildNative();
  return { ...t, provider, native, out };
}

module.exports = { build, out };

if (require.main === module) console.log(build());
