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
    const busy = (s: ReturnType<typeof stats>) => s.objects || s.buffers || s.threads || s.advises || s.sinkRefs || s.notifyPending;
    for (let i = 0; i < 200 && busy(stats()); i++) await new Promise((r) => setTimeout(r, 10));
    knobs('');
    const s = stats();
    expect({ objects: s.objects, buffers: s.buffers, threads: s.threads, handles: s.handles, advises: s.advises, sinkRefs: s.sinkRefs, notifyPending: s.notifyPending })
      .toEqual({ objects: 0, buffers: 0, threads: 0, handles: 0, advises: 0, sinkRefs: 0, notifyPending: 0 });
  });
}
