/**
 * Loading the library's own modules without Node's per-module costs, for the package's entry
 * (dist/koffi-mapi.js, written by scripts/link.js). `require('koffi-mapi')` of ~95 separate CommonJS
 * files spent most of its ~40 ms resolving (stat, realpath, package scopes), reading and compiling
 * them. Here:
 *
 * - The modules' sources come from one pack written at build time (dist/koffi-mapi.modules: each
 *   module's tsc output under an id relative to dist/, its relative requires resolved there too), so
 *   nothing is resolved or read per module. The pack is two strings (ASCII modules, the others), each
 *   module a slice of one, already in its function wrapper: no copies of the sources at start-up.
 * - Each module is still a real CommonJS module under its own file name: compiled with its own file
 *   name (stack traces name dist/lib/session.js and its lines, the same file as on disk), entered in
 *   `require.cache`, so `require('koffi-mapi/ffi-defs')` or a deep require gets the same instances.
 * - V8's code cache of every module is kept in one file per user, Node version and build (in the
 *   temp folder, as Node 22's module.enableCompileCache() and v8-compile-cache do); with it, nothing
 *   is parsed. A cache that V8 rejects (another Node, other flags) is compiled from source and
 *   replaced. NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own.
 *
 * Only the import changes: the code that runs is the same tsc output as in dist/lib/.
 */
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

type ModuleFn = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

/** The pack's first line (scripts/link.js); the modules' UTF-8 follows it. */
interface PackHeader {
  /** The build's content hash, part of the code cache's key. */
  hash: string;
  /** Each module's relative requires, resolved: id (path relative to the pack's folder, '/'-separated) to { request: id }. */
  links: Record<string, Record<string, string>>;
  /** The byte lengths of the two regions after the header line: the ASCII modules, then the others (UTF-8). */
  regions: [number, number];
  /** Each module's tsc output in Module.wrap()'s wrapper: [region, offset, length] in UTF-16 code units of the region. */
  spans: Record<string, [number, number, number]>;
}

interface CacheFile {
  file: string;
  /** id to its cached data, as read; ids missing or rejected are compiled from source. */
  entries: Map<string, Buffer>;
}

/** FNV-1a of a string, as 8 hex digits (node:crypto would load Node's stream modules). */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The code cache's file for this user, Node, build and folder (V8's cached code keeps the file names
 * it was compiled with: two installs of one version must not share it, or stack traces would name the
 * other's files); null when turned off or not safe to use.
 */
function cacheFileFor(hash: string, base: string): string | null {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return null;
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
    const dir = path.join(os.tmpdir(), `koffi-mapi-compile-cache-${uid >= 0 ? uid : os.userInfo().username}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Another user's folder (or one others may write to) could hold code: not used.
    const st = fs.statSync(dir);
    if (uid >= 0 && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return path.join(dir, `${hash.replace(/[^0-9a-f]/g, '')}-${fnv(base)}-${process.version}-${process.arch}.bin`);
  } catch {
    return null;
  }
}

/** Reads a cache file: a JSON index line ({ id: [offset, length] }), then the data. */
function readCache(file: string | null): CacheFile | null {
  if (!file) return null;
  const entries = new Map<string, Buffer>();
  try {
    const buf = fs.readFileSync(file);
    const nl = buf.indexOf(10);
    const index = JSON.parse(buf.subarray(0, nl).toString('utf8')) as Record<string, [number, number]>;
    for (const [id, [at, len]] of Object.entries(index)) entries.set(id, buf.subarray(nl + 1 + at, nl + 1 + at + len));
  } catch {
    /* none yet, or unreadable: compile from source */
  }
  return { file, entries };
}

/**
 * Writes the cache once the script that loaded the library has run its first turn (or at exit, if it
 * exits before that): V8's cached data then holds the functions that turn compiled as well (initialize,
 * logon, the first tables...), which a cache made right after the import left to be compiled again on
 * every start (~3 ms of a start-up's ~7 after the import). Later turns are not waited for: a cache of
 * everything a long session compiled would cost every later start more to read than it saves.
 */
function writeCacheSoon(cache: CacheFile, scripts: Map<string, vm.Script>): void {
  let done = false;
  const write = () => {
    if (done) return;
    done = true;
    process.removeListener('exit', write);
    writeCache(cache, scripts);
  };
  setImmediate(write).unref();
  process.once('exit', write);
}

function writeCache(cache: CacheFile, scripts: Map<string, vm.Script>): void {
  const index: Record<string, [number, number]> = {};
  const parts: Buffer[] = [];
  let at = 0;
  for (const [id, script] of scripts) {
    const data = script.createCachedData();
    index[id] = [at, data.length];
    parts.push(data);
    at += data.length;
  }
  const tmp = `${cache.file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(JSON.stringify(index) + '\n'), ...parts]), { mode: 0o600 });
    fs.renameSync(tmp, cache.file); // atomic: processes starting together may write the same file
  } catch {
    fs.rmSync(tmp, { force: true }); // a full or read-only temp folder: run without the cache
    return;
  }
  pruneOtherBuilds(cache.file);
}

/**
 * Removes the caches of other builds in the same install folder, for the same Node and arch: that
 * folder now holds this build, so theirs can never be read again (each rebuild or upgrade would
 * otherwise leave ~0.5 MB behind). Other folders' caches are theirs to keep.
 */
function pruneOtherBuilds(file: string): void {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const sameFolder = name.slice(name.indexOf('-')); // -<folder>-<node>-<arch>.bin
  try {
    for (const f of fs.readdirSync(dir)) {
      if (f !== name && f.endsWith(sameFolder) && /^[0-9a-f]+-/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
    }
  } catch {
    /* another process pruning too, or an unreadable folder: nothing lost */
  }
}

/**
 * Whether the entry was loaded by Node's own CommonJS loader (a real Module, Node's require.cache).
 * Under another loader (Jest's module registry, a bundler's runtime) the entry requires lib/index.js
 * the ordinary way instead, so that loader stays in charge of every module, as before the pack.
 */
export function canLoadPack(parent: unknown): parent is Module {
  return parent instanceof Module && require.cache === (Module as unknown as { _cache: NodeJS.Require['cache'] })._cache;
}

/**
 * Loads module `entry` of the pack at `packFile` (ids relative to its folder) as a child of `parent`
 * (the entry file's module) and returns its exports. Modules already in require.cache (loaded from
 * dist/lib/ by a deep require first) are used as they are.
 */
export function loadPack(packFile: string, entry: string, parent: Module): unknown {
  const base = path.dirname(packFile);
  const packBytes = fs.readFileSync(packFile);
  const bodyAt = packBytes.indexOf(10) + 1;
  const pack = JSON.parse(packBytes.toString('latin1', 0, bodyAt)) as PackHeader;
  // Each region is one string, and a module's source a slice of it (scripts/link.js says why).
  const [ascii, other] = pack.regions;
  const regions = [packBytes.toString('latin1', bodyAt, bodyAt + ascii), packBytes.toString('utf8', bodyAt + ascii, bodyAt + ascii + other)];
  const sourceOf = (id: string) => {
    const [r, at, len] = pack.spans[id]!;
    return regions[r].slice(at, at + len);
  };
  const cache = readCache(cacheFileFor(pack.hash, base));
  const scripts = new Map<string, vm.Script>();
  let stale = false;
  // Packages and Node's modules, by name: every module of the pack is in the same package, so a name
  // resolves to the same file from each of them (Node would search again from each module's folder).
  const named = new Map<string, unknown>();

  // Each id's file name, and each folder's node_modules search list, worked out once (path.join,
  // dirname and Module._nodeModulePaths on every require were a few ms).
  const files = new Map<string, string>();
  const fileOf = (id: string) => files.get(id) ?? files.set(id, base + path.sep + id.split('/').join(path.sep)).get(id)!;
  const searchPaths = new Map<string, string[]>();
  const pathsOf = (dir: string) =>
    searchPaths.get(dir) ?? searchPaths.set(dir, (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dir)).get(dir)!;

  const loading = new Set<string>();
  const load = (id: string, parent: Module): unknown => {
    const filename = fileOf(id);
    const cached = require.cache[filename];
    if (cached) {
      // Loaded, or being loaded by us (a cycle: its exports so far, as Node gives). Otherwise it is
      // Node's: an ESM import of koffi-mapi/ffi-defs enters the files it will load in require.cache,
      // empty, before anything runs. Node's require fills it in.
      return cached.loaded || loading.has(filename) ? cached.exports : parent.require(filename);
    }
    const m = new Module(filename, parent);
    const dirname = path.dirname(filename);
    m.filename = filename;
    m.paths = pathsOf(dirname);
    const links = pack.links[id] ?? {};
    const req = ((request: string) => {
      if (links[request]) return load(links[request], m);
      if (!named.has(request)) named.set(request, m.require(request));
      return named.get(request);
    }) as NodeJS.Require;
    req.resolve = ((request: string) => (links[request] ? fileOf(links[request]) : require.resolve(request, { paths: m.paths }))) as NodeJS.RequireResolve;
    req.cache = require.cache;
    const cachedData = cache?.entries.get(id);
    const script = new vm.Script(sourceOf(id), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) stale = true;
    scripts.set(id, script);
    require.cache[filename] = m;
    loading.add(filename);
    try {
      (script.runInThisContext() as ModuleFn).call(m.exports, m.exports, req, m, filename, dirname);
    } catch (e) {
      delete require.cache[filename];
      throw e;
    } finally {
      loading.delete(filename);
    }
    m.loaded = true;
    return m.exports;
  };

  const exports = load(entry, parent);
  if (cache && stale) writeCacheSoon(cache, scripts);
  return exports;
}
