/**
 * The start-up figure's child: import the library, load MAPI and initialize, log on, open the default
 * store, release everything, and print how long each phase took (performance.now(): ms since the
 * process started). The parent times the whole process from spawn to exit.
 */
const t0 = performance.now();
const km = require('../koffi-mapi') as typeof import('../lib');
const t1 = performance.now();
const provider = process.argv[2];
{
  using mapi = km.initialize({ path: provider });
  const t2 = performance.now();
  using session = mapi.logon({ profile: 'Sample' });
  const t3 = performance.now();
  using store = session.defaultStore();
  const t4 = performance.now();
  if (!store.raw.ptr) throw new Error('no store');
  process.stdout.write(
    '@@BENCH-RESULT@@' +
      JSON.stringify({ processStartToMain: t0, import: t1 - t0, loadInitialize: t2 - t1, logon: t3 - t2, defaultStore: t4 - t3, total: t4 }) +
      '\n',
  );
}
