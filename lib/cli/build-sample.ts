/**
 * `build-sample`: builds the C sample provider of an installed package (its sources ship in the
 * tarball) with the system C compiler, so a Linux or macOS user gets a MAPI to run everything against.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths';
import { CliError, type GlobalOptions, type Io } from './io';
import { toJson } from './format';

interface Builder {
  buildProvider(o: { quiet?: boolean; force?: boolean; outDir?: string }): string;
  resolveTarget(target?: string): { cc: string; windows: boolean; dir: string; file: string };
}

const INSTALL_HINT =
  'Install one (Debian/Ubuntu: sudo apt-get install gcc libc6-dev; Fedora: sudo dnf install gcc; macOS: xcode-select --install; ' +
  'Windows: MinGW-w64 gcc), or set CC to the compiler to use.';

export function buildSampleCommand(io: Io, o: GlobalOptions, b: { force?: boolean; out?: string }): number {
  const root = packageRoot();
  const script = path.join(root, 'scripts', 'build-provider.js');
  if (!fs.existsSync(path.join(root, 'sample-provider', 'src'))) {
    throw new CliError(`the sample provider's sources are not in ${root} (sample-provider/src): reinstall koffi-mapi`);
  }
  const builder = require(script) as Builder;
  const target = builder.resolveTarget();
  const started = performance.now();
  let lib: string;
  try {
    lib = builder.buildProvider({ quiet: true, force: b.force === true, outDir: b.out });
  } catch (e) {
    const err = e as Error & { code?: string; command?: string };
    if (err.code === 'ERR_NO_COMPILER') {
      throw new CliError(`build-sample needs a C compiler, and '${err.command}' was not found. ${INSTALL_HINT}`);
    }
    if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') {
      throw new CliError(`cannot write the sample provider into ${target.dir} (${err.code}): pass --out DIR, then use it with --dll or MAPI_DLL`);
    }
    throw new CliError(`building the sample provider failed: ${err.message}`);
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  // Without --out, the library is where the loader looks by default (not on Windows, which finds MAPI in the registry).
  const usedByDefault = !b.out && process.platform !== 'win32';
  if (o.json) {
    io.out(toJson({ path: lib, compiler: target.cc, durationMs: ms, default: usedByDefault }));
    return 0;
  }
  io.out(`built ${lib} (${target.cc}, ${ms} ms)`);
  io.out(
    usedByDefault
      ? 'koffi-mapi and initialize() use it when no --dll, MAPI_DLL or registry entry names another MAPI: try `koffi-mapi doctor`.'
      : `use it with --dll ${lib} or MAPI_DLL=${lib}`,
  );
  return 0;
}
