/**
 * Opens the sample provider for a test file and proves, after the file, that nothing leaked: zero live
 * provider objects and buffers. On Windows (the Wine tier) the provider is found the way a user's MAPI
 * is: through the registry, unless KMAPI_TEST_DLL names it.
 */
import { initialize, load, sampleProvider, sampleProviderPath, type Mapi, type MapiLibrary, type SampleStats } from '../../lib';

let lib: MapiLibrary | undefined;

/** The loaded sample provider (loaded once per test process). */
export function providerLibrary(): MapiLibrary {
  if (!lib) {
    const path = process.env.KMAPI_TEST_DLL ?? (process.platform === 'win32' ? undefined : sampleProviderPath());
    lib = load(path ? { path } : {});
  }
  return lib;
}

export function stats(): SampleStats {
  return sampleProvider(providerLibrary()).stats();
}

export function knobs(spec: string): void {
  sampleProvider(providerLibrary()).setKnobs(spec);
}

export function init(): Mapi {
  return initialize({ library: providerLibrary() });
}

/** Registers an afterAll that checks the provider's accounting is back to zero. */
export function expectNoLeaks(): void {
  afterAll(async () => {
    // Let deferred JS-object destruction and provider threads finish.
    for (let i = 0; i < 200 && (stats().objects || stats().buffers || stats().threads); i++) await new Promise((r) => setTimeout(r, 10));
    knobs('');
    const s = stats();
    expect({ objects: s.objects, buffers: s.buffers, threads: s.threads, handles: s.handles }).toEqual({ objects: 0, buffers: 0, threads: 0, handles: 0 });
  });
}
