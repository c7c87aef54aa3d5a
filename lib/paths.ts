/**
 * Where this package's own files are: the same answer from the sources (lib/), the build (dist/lib/)
 * and an installed package (node_modules/koffi-mapi/dist/lib/). No Koffi here: the CLI's offline
 * commands use it without loading the FFI.
 */
import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/** Root of this package: the nearest folder above this file whose package.json is koffi-mapi's. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'koffi-mapi') return (root = dir);
    } catch {
      /* no package.json here: go up */
    }
  }
  return (root = path.resolve(__dirname, '..'));
}

/** The package's version (package.json), or 'unknown'. */
export function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Where the sample provider's build for a platform lives (it may not be built yet): the package's
 * sample-provider/build/<platform-arch>/, where `koffi-mapi build-sample` and `npm run build:provider`
 * put it.
 */
export function sampleProviderPath(target = `${process.platform}-${process.arch}`): string {
  const windows = target.startsWith('win');
  const name = windows ? 'kmapi_sample.dll' : target.startsWith('darwin') ? 'libkmapi_sample.dylib' : 'libkmapi_sample.so';
  const dir = target.startsWith('win32-') ? target.replace('win32-', 'win-') : target;
  return path.join(packageRoot(), 'sample-provider', 'build', dir, name);
}
