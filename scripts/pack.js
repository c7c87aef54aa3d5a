#!/usr/bin/env node
/*
 * Packs koffi-mapi as `npm pack` does, from a staged copy of the repo, so that the package's own
 * prepack (which rebuilds dist/) never touches the dist/ of the working tree that tests and the CLI may
 * be using at that moment.
 *
 *   node scripts/pack.js [--out DIR]          prints the path of the .tgz (default DIR: a new temp folder)
 *   node scripts/pack.js --install DIR [--os win32 --cpu x64|ia32]
 *                                             also installs it into DIR (an empty consumer package) with
 *                                             `npm install`, as a user would; prints DIR
 *   node scripts/pack.js --install DIR --from TGZ   installs a tarball packed before
 *
 * With --os/--cpu, npm installs the optional dependencies of that platform (Koffi's Windows binary),
 * for the Windows tier, which runs the installed package under Windows Node in Wine. Install scripts
 * are skipped in that case only: Koffi's would look for (and, missing, build) a binary for *this*
 * machine, while on Windows it finds the prebuilt one and does nothing.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
// What prepack needs to build dist/, plus everything package.json "files" may name.
const STAGE = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'bin', 'lib', 'ffi-defs', 'docs', 'scripts/build-provider.js', 'scripts/link.js', 'sample-provider/src', 'sample-provider/README.md'];

function npm(args, cwd) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stdout}${r.stderr}${r.error ? r.error.message : ''}`);
  return r;
}

/** Packs into outDir; returns the .tgz path. */
function pack(outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'koffi-mapi-pack-'))) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'koffi-mapi-stage-'));
  try {
    for (const p of STAGE) {
      const from = path.join(ROOT, p);
      if (!fs.existsSync(from)) continue;
      fs.mkdirSync(path.dirname(path.join(stage, p)), { recursive: true });
      fs.cpSync(from, path.join(stage, p), { recursive: true, filter: (src) => !/[\\/](build|node_modules)([\\/]|$)/.test(path.relative(ROOT, src)) });
    }
    // prepack runs tsc: the repo's own compiler and types.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'junction');
    fs.mkdirSync(outDir, { recursive: true });
    const r = npm(['pack', '--json', '--pack-destination', path.resolve(outDir)], stage);
    const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
    return path.join(path.resolve(outDir), info[0].filename);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Installs a tarball into dir (created, with a minimal package.json) as a user would. */
function install(tgz, dir, { os: targetOs, cpu } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'koffi-mapi-consumer', private: true, version: '1.0.0' }, null, 2));
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', tgz];
  if (targetOs) args.push(`--os=${targetOs}`, '--ignore-scripts');
  if (cpu) args.push(`--cpu=${cpu}`);
  npm(args, dir);
  return dir;
}

module.exports = { pack, install };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  try {
    const tgz = opt('--from') ? path.resolve(opt('--from')) : pack(opt('--out'));
    const dir = opt('--install');
    console.log(dir ? install(tgz, path.resolve(dir), { os: opt('--os'), cpu: opt('--cpu') }) : tgz);
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}
