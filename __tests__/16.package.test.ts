/**
 * The package as a user installs it: `npm pack`, then `npm install ./koffi-mapi-*.tgz` in an empty
 * folder, with nothing of the repo on the way. There: require() from CommonJS, import from ESM, a strict
 * TypeScript consumer type-checks against the shipped declarations, and the installed CLI answers
 * `error`, `tag`, `doctor --json` and `stores --json` against the sample provider.
 *
 * Linux: packed and installed here (scripts/pack.js), the sample provider built with the installed
 * `koffi-mapi build-sample`. Windows (the Wine tier): scripts/windows/test.sh packs and installs with
 * npm for win32-x64 / win32-ia32 and names the folder in KMAPI_PACKAGE_DIR; MAPI is found through the
 * registry, as on a machine with Outlook.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { testIf } from './helpers/skip';

const root = path.resolve(__dirname, '..');
const windows = process.platform === 'win32';
const preinstalled = process.env.KMAPI_PACKAGE_DIR;
const canRun = !windows || preinstalled !== undefined;
const ptest = testIf(canRun, 'the Windows tier installs the package first: run `npm run test:windows` (scripts/windows/test.sh sets KMAPI_PACKAGE_DIR)');

let tmp = '';
let consumer = '';
let pkg = '';
let tgz: string | undefined;

beforeAll(() => {
  if (!canRun) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'koffi-mapi-package-'));
  if (preinstalled) {
    consumer = preinstalled;
  } else {
    const { pack, install } = require('../scripts/pack.js') as { pack(out: string): string; install(tgz: string, dir: string): string };
    tgz = pack(path.join(tmp, 'tarball'));
    consumer = install(tgz, path.join(tmp, 'consumer'));
  }
  pkg = path.join(consumer, 'node_modules', 'koffi-mapi');
}, 240_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs node with these arguments in the consumer folder; stdout, stderr and the exit code. */
function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, args, {
    cwd: consumer,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_PATH: '', NODE_OPTIONS: '', KOFFI_MAPI_TRACE: '', MAPI_DLL: '', KMAPI_TEST_DLL: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cli = (...args: string[]) => node([path.join(pkg, 'bin', 'koffi-mapi.js'), ...args]);

ptest('the tarball holds dist, the CLI and the provider sources, and nothing test-only', () => {
  const files = new Set<string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.add(path.relative(pkg, p).split(path.sep).join('/'));
    }
  };
  walk(pkg);
  for (const f of ['package.json', 'README.md', 'bin/koffi-mapi.js', 'dist/koffi-mapi.js', 'dist/koffi-mapi.modules', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/cli/main.js', 'dist/ffi-defs/index.js', 'scripts/build-provider.js', 'sample-provider/src/sync.c', 'sample-provider/README.md']) {
    expect([f, files.has(f)]).toEqual([f, true]);
  }
  const unwanted = [...files].filter((f) => /^(__tests__|bench|examples|\.ci|lib|ffi-defs)\/|^sample-provider\/(test|build)\/|^scripts\/windows\/|\.test\.|(^|\/)tsconfig/.test(f));
  expect(unwanted).toEqual([]);
  // No TypeScript sources: the declarations come from dist.
  expect([...files].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
});

ptest('require() from CommonJS and import from ESM give the same API', () => {
  fs.writeFileSync(path.join(consumer, 'use.cjs'), "const m = require('koffi-mapi'); console.log(JSON.stringify([typeof m.initialize, typeof m.MapiError, typeof m.defs.EXPORTS, m.hresultName(0x8004010f)]));\n");
  fs.writeFileSync(
    path.join(consumer, 'use.mjs'),
    "import { initialize, MapiError, defs, hresultName } from 'koffi-mapi';\nimport * as all from 'koffi-mapi';\nimport ffi from 'koffi-mapi/ffi-defs';\n" +
      "console.log(JSON.stringify([typeof initialize, typeof MapiError, typeof defs.EXPORTS, hresultName(0x8004010f), all.initialize === initialize, typeof ffi.EXPORTS]));\n",
  );
  const c = node(['use.cjs']);
  expect(c).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(c.stdout)).toEqual(['function', 'function', 'object', 'MAPI_E_NOT_FOUND']);
  const m = node(['use.mjs']);
  expect(m).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(m.stdout)).toEqual(['function', 'function', 'object', 'MAPI_E_NOT_FOUND', true, 'object']);
});

ptest('the entry loads the modules of dist/lib from its pack, as the same modules, with a code cache that is kept, replaced when bad, and can be turned off; other loaders load dist/lib as before', () => {
  // Each run gets its own temp folder (TMPDIR; TEMP and TMP on Windows), where the code cache goes.
  const temp = (name: string) => {
    const d = path.join(tmp, name);
    fs.mkdirSync(d, { recursive: true });
    return { TMPDIR: d, TEMP: d, TMP: d };
  };
  fs.writeFileSync(
    path.join(consumer, 'same.cjs'),
    "const m = require('koffi-mapi'); const path = require('path');\n" +
      "const dist = path.dirname(require.resolve('koffi-mapi'));\n" +
      "let stack = ''; try { m.initialize({ path: 42 }); } catch (e) { stack = String(e.stack); }\n" +
      // Each frame in dist/lib names the file and line on disk: the first throws, each later one calls the frame above it.
      "const frames = [...stack.matchAll(/at (?:\\S+\\.)?(\\w+) \\((.*[\\\\/]dist[\\\\/]lib[\\\\/][\\w\\\\/.-]+\\.js):(\\d+):\\d+\\)/g)].map((f) => ({ fn: f[1], line: require('fs').readFileSync(f[2], 'utf8').split('\\n')[f[3] - 1] }));\n" +
      "const lines = frames.length >= 2 && /Error/.test(frames[0].line) && frames.slice(1).every((f, i) => f.line.includes(frames[i].fn));\n" +
      "console.log(JSON.stringify({ defs: m.defs === require('koffi-mapi/ffi-defs'), session: require.cache[path.join(dist, 'lib', 'session.js')]?.exports.Session === m.Session, stack: lines }));\n",
  );
  const cacheFiles = (env: { TMPDIR: string }) =>
    fs.readdirSync(env.TMPDIR).filter((d) => d.startsWith('koffi-mapi-compile-cache-')).flatMap((d) => fs.readdirSync(path.join(env.TMPDIR, d)).map((f) => path.join(env.TMPDIR, d, f)));
  // Written after the script's first turn, so that it holds what that turn compiled too.
  const soon = temp('soon');
  fs.writeFileSync(
    path.join(consumer, 'soon.cjs'),
    "require('koffi-mapi'); const fs = require('fs'); const path = require('path');\n" +
      "const list = () => fs.readdirSync(process.env.TMPDIR).filter((d) => d.startsWith('koffi-mapi-compile-cache-')).flatMap((d) => fs.readdirSync(path.join(process.env.TMPDIR, d)));\n" +
      'const now = list().length; setTimeout(() => console.log(now, list().length), 50);\n',
  );
  expect(node(['soon.cjs'], soon)).toMatchObject({ code: 0, stderr: '', stdout: '0 1\n' });
  const env = temp('cache');
  const first = node(['same.cjs'], env);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(first.stdout)).toEqual({ defs: true, session: true, stack: true });
  const [file, ...more] = cacheFiles(env);
  expect(more).toEqual([]);
  const written = fs.statSync(file!);
  expect(written.size).toBeGreaterThan(10_000);
  // A start uses it as it is (an entry missing or rejected by V8 would have it written again).
  const keptBy = () => {
    fs.utimesSync(file!, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(node(['same.cjs'], env)).toMatchObject({ code: 0, stderr: '', stdout: first.stdout });
    return fs.statSync(file!).mtimeMs === new Date(2000, 0, 1).getTime();
  };
  expect(keptBy()).toBe(true);
  // A damaged cache: compiled from source and replaced by a good one, which the next start keeps.
  fs.writeFileSync(file!, '{"lib/index.js":[0,64]}\n' + 'x'.repeat(64));
  expect(keptBy()).toBe(false);
  expect(fs.statSync(file!).size).toBeGreaterThan(written.size / 2);
  expect(keptBy()).toBe(true);
  // Another install of the same build, sharing the temp folder: its own cache, its own file names.
  fs.cpSync(pkg, path.join(consumer, 'vendor', 'node_modules', 'koffi-mapi'), { recursive: true });
  fs.writeFileSync(path.join(consumer, 'other.cjs'), "const m = require('./vendor/node_modules/koffi-mapi'); try { m.initialize({ path: 42 }); } catch (e) { console.log(String(e.stack).split('\\n')[1]); }\n");
  const other = node(['other.cjs'], env);
  expect(other).toMatchObject({ code: 0, stderr: '' });
  expect(other.stdout).toContain(path.join(consumer, 'vendor', 'node_modules', 'koffi-mapi', 'dist', 'lib'));
  expect(cacheFiles(env)).toHaveLength(2);
  // A new build in that folder (its pack's hash changed, as a rebuild or an upgrade changes it):
  // its cache replaces the old build's, and the first install's is left alone.
  const otherPack = path.join(consumer, 'vendor', 'node_modules', 'koffi-mapi', 'dist', 'koffi-mapi.modules');
  const packText = fs.readFileSync(otherPack, 'latin1');
  const oldHash = /"hash":"([0-9a-f]+)"/.exec(packText)![1];
  fs.writeFileSync(otherPack, packText.replace(`"hash":"${oldHash}"`, `"hash":"${oldHash.replace(/^./, (c) => (c === '0' ? '1' : '0'))}"`), 'latin1');
  const before = cacheFiles(env);
  expect(node(['other.cjs'], env)).toMatchObject({ code: 0, stderr: '', stdout: other.stdout });
  const after = cacheFiles(env);
  expect(after).toHaveLength(2);
  expect(after).toContain(file);
  expect(after.filter((f) => !before.includes(f))).toHaveLength(1);
  // Under another loader, this Jest's module registry: the entry requires dist/lib/index.js through
  // it, so the registry has every module (the same Session as its own require of session.js).
  const viaJest = require(pkg) as { initialize: unknown; Session: unknown };
  expect(typeof viaJest.initialize).toBe('function');
  expect((require(path.join(pkg, 'dist', 'lib', 'session.js')) as { Session: unknown }).Session).toBe(viaJest.Session);
  // NODE_DISABLE_COMPILE_CACHE, as for Node's own cache: nothing written.
  const off = temp('off');
  expect(node(['same.cjs'], { ...off, NODE_DISABLE_COMPILE_CACHE: '1' })).toMatchObject({ code: 0, stderr: '', stdout: first.stdout });
  expect(cacheFiles(off)).toEqual([]);
});

ptest('a strict TypeScript consumer (CommonJS and ESM) type-checks, and the declarations have no any', () => {
  fs.writeFileSync(
    path.join(consumer, 'consumer.ts'),
    `import { initialize, MapiError, type SyncResult, type Session } from 'koffi-mapi';
type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny = <T>(_v: T, ok: IsAny<T> extends false ? true : never) => ok;
export function run(): number {
  const mapi = initialize({ path: '/nowhere' });
  notAny(mapi, true);
  const session: Session = mapi.logon({ profile: 'Sample' });
  notAny(session.stores(), true);
  const done = (r: SyncResult) => r.misuse.length + (r.cancel?.furtherProgress ?? 0);
  // @ts-expect-error: initialize takes an options object
  initialize(42);
  const e = new MapiError(0x8004010f, 'X::Y');
  const hr: number = e.hr;
  session.logoff();
  return hr + done.length;
}
`,
  );
  fs.writeFileSync(
    path.join(consumer, 'consumer-esm.mts'),
    `import { initialize, hresultName } from 'koffi-mapi';
const name: string = hresultName(0x8004010f);
// @ts-expect-error: hresultName takes a number
hresultName('x');
export const lib = initialize;
export { name };
`,
  );
  const tsconfig = {
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'ESNext.Disposable'], module: 'nodenext', moduleResolution: 'nodenext',
      typeRoots: [path.join(root, 'node_modules', '@types')], types: ['node'], skipLibCheck: false,
    },
    files: ['consumer.ts', 'consumer-esm.mts'],
  };
  fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = node([tsc, '-p', 'tsconfig.json']);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.code).toBe(0);

  // No `any` token in any shipped declaration (comments and strings do not count).
  const ts = require('typescript') as typeof import('typescript');
  const anys: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.d.ts')) {
        const sc = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, fs.readFileSync(p, 'utf8'));
        for (let t = sc.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = sc.scan()) if (t === ts.SyntaxKind.AnyKeyword) anys.push(`${path.relative(pkg, p)}:${sc.getTokenStart()}`);
      }
    }
  };
  walk(path.join(pkg, 'dist'));
  expect(anys).toEqual([]);
}, 120_000);

ptest('the installed CLI answers offline commands, from dist, without TypeScript', () => {
  expect(fs.existsSync(path.join(consumer, 'node_modules', 'typescript'))).toBe(false);
  const e = cli('error', '0x8004010F');
  expect(e).toMatchObject({ code: 0, stderr: '' });
  expect(e.stdout).toMatch(/^MAPI_E_NOT_FOUND 0x8004010F\n/);
  const t = cli('tag', 'PR_SUBJECT_W', '--json');
  expect(t.code).toBe(0);
  expect(JSON.parse(t.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'PR_SUBJECT_W', tag: '0x0037001F', type: 'PT_UNICODE' })]));
  if (!windows) {
    // npm's bin link runs it directly (its #! line).
    const r = spawnSync(path.join(consumer, 'node_modules', '.bin', 'koffi-mapi'), ['error', 'MAPI_E_CALL_FAILED'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^MAPI_E_CALL_FAILED 0x80004005/);
  }
});

testIf(canRun && !windows, 'build-sample is for Linux and macOS (Windows uses Outlook\'s MAPI)')('build-sample without a compiler says what it needs', () => {
  const r = node([path.join(pkg, 'bin', 'koffi-mapi.js'), 'build-sample', '--force', '--out', path.join(tmp, 'nocc')], { CC: path.join(tmp, 'no-such-cc') });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/build-sample needs a C compiler, and '.*no-such-cc' was not found\. Install one \(Debian\/Ubuntu: sudo apt-get install gcc/);
  expect(fs.existsSync(path.join(tmp, 'nocc', 'libkmapi_sample.so'))).toBe(false);
});

ptest('doctor --json names the DLL it loaded, and stores --json lists the sample stores', () => {
  if (!windows) {
    // A Linux user's one step: build the shipped provider sources where the loader looks by default.
    const b = cli('build-sample');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain(path.join(pkg, 'sample-provider', 'build'));
  }
  const d = cli('doctor', '--json');
  const report = JSON.parse(d.stdout);
  const loaded = report.attempts.find((a: { loaded?: boolean }) => a.loaded);
  expect(loaded).toBeDefined();
  if (windows) {
    expect(loaded.path).toMatch(/kmapi_sample\.dll$/i);
    expect(loaded.via).toMatch(/registry/);
  } else {
    expect(loaded.path).toBe(path.join(pkg, 'sample-provider', 'build', `${process.platform}-${process.arch}`, 'libkmapi_sample.so'));
  }
  expect(report.usable).toBe(true);
  expect(d.code).toBe(0);
  const s = cli('stores', '--json');
  expect(s.code).toBe(0);
  expect(JSON.parse(s.stdout).map((x: { name: string }) => x.name)).toEqual(['Sample Mailbox', 'Sample Archive']);
}, 120_000);

ptest("the installed CLI's --version is the package's (it finds its own package.json from dist/)", () => {
  const r = cli('--version');
  expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
});
