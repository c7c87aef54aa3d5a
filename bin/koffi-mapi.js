#!/usr/bin/env node
/**
 * The koffi-mapi command (see docs/cli.md). Runs the compiled CLI (dist/lib/cli/main.js) when it exists
 * and is up to date, else the TypeScript sources, transpiled without type checks (for a fresh clone after
 * `npm ci`). KOFFI_MAPI_CLI_SOURCE=1 forces the sources; =0 forces dist.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist', 'lib', 'cli', 'main.js');
const source = path.join(root, 'lib', 'cli', 'main.ts');

/** Newest modification time of the .ts files under these folders (a few dozen stats). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

function resolveFromRoot(name) {
  try {
    return require.resolve(name, { paths: [root] });
  } catch {
    return null;
  }
}

function canRunSource() {
  return fs.existsSync(source) && resolveFromRoot('typescript') !== null;
}

function useSource() {
  const forced = process.env.KOFFI_MAPI_CLI_SOURCE;
  if (forced === '1') return true;
  if (forced === '0') return false;
  if (!fs.existsSync(dist)) return true;
  // A build older than the sources it came from is stale: run the sources when we can.
  return canRunSource() && newestSource([path.join(root, 'lib'), path.join(root, 'ffi-defs')]) > fs.statSync(dist).mtimeMs;
}

/**
 * Runs the package's .ts files as ts-node --transpile-only does (TypeScript's transpileModule with the
 * repo's tsconfig), but keeps each transpiled file in node_modules/.cache/koffi-mapi-cli keyed by its
 * content: transpiling the ~60 files of lib/ and ffi-defs/ on every start cost 1.5-2 s, a cached start
 * does not even load TypeScript.
 */
function registerTypeScript() {
  const crypto = require('node:crypto');
  const tsPath = resolveFromRoot('typescript');
  const tsVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(tsPath), '..', 'package.json'), 'utf8')).version;
  const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions || {};
  const salt = JSON.stringify([2, tsVersion, config]);
  const cacheDir = path.join(root, 'node_modules', '.cache', 'koffi-mapi-cli');
  let ts;
  let options;
  const transpile = (code, file) => {
    ts = ts || require(tsPath);
    if (!options) {
      const json = { ...config, sourceMap: false, inlineSourceMap: true, inlineSources: false, declaration: false };
      delete json.outDir;
      delete json.rootDir;
      options = ts.convertCompilerOptionsFromJson(json, root).options;
    }
    return ts.transpileModule(code, { fileName: file, compilerOptions: options, reportDiagnostics: false }).outputText;
  };
  const compile = (code, file) => {
    const key = crypto.createHash('sha1').update(salt).update(file).update('\0').update(code).digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      /* not cached yet */
    }
    const out = transpile(code, file);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, out);
      fs.renameSync(tmp, cached); // atomic: parallel runs may write the same entry
    } catch {
      /* a read-only tree: run without the cache */
    }
    return out;
  };
  const previous = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    if (!filename.startsWith(root + path.sep) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
      if (previous) return previous(module, filename);
      throw new Error(`koffi-mapi: cannot load ${filename}`);
    }
    module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
  // Source maps make stacks point into the .ts files, but Node then parses every file's map at load
  // (a tenth of a cached start): only when a stack may be shown.
  if (process.argv.includes('--verbose') || process.env.KOFFI_MAPI_SOURCE_MAPS === '1') process.setSourceMapsEnabled(true);
}

let cli;
if (useSource()) {
  if (!canRunSource()) {
    process.stderr.write('koffi-mapi: dist/lib/cli/main.js is missing and TypeScript is not installed: run `npm run build` (or `npm ci`)\n');
    process.exit(1);
  }
  registerTypeScript();
  cli = require(source);
} else {
  cli = require(dist);
}

// `koffi-mapi ls Inbox | head`: a stdout reader that goes away is the CLI's Io's to handle (lib/cli/io.ts:
// the command stops reading, logs off and exits 0). One on stderr too ends the output quietly.
process.stderr.on('error', (e) => {
  if (e && (e.code === 'EPIPE' || e.code === 'EOF')) process.exit(process.exitCode || 0);
  throw e;
});

cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`koffi-mapi: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
