/**
 * Conditional tests that say why they are skipped. The reason goes into the title as
 * `[skipped: reason]`, and __tests__/setup/skip-reporter.js lists every skipped test with it at the end
 * of the run, so a skip is never silent. 00.meta.test.ts refuses a bare test.skip / describe.skip.
 */
export const skipTag = (reason: string): string => `[skipped: ${reason}]`;

/** `test` when `run` holds, else a skipped test whose title carries the reason. */
export function testIf(run: boolean, reason: string): jest.It {
  if (run) return test;
  const skipped = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => test.skip(`${name} ${skipTag(reason)}`, fn, timeout)) as jest.It;
  return Object.assign(skipped, { each: test.skip.each, skip: test.skip, only: test.only, todo: test.todo, concurrent: test.concurrent, failing: test.failing });
}

/** `describe` when `run` holds, else a skipped describe whose title carries the reason. */
export function describeIf(run: boolean, reason: string): jest.Describe {
  if (run) return describe;
  const skipped = ((name: string, fn: jest.EmptyFunction) => describe.skip(`${name} ${skipTag(reason)}`, fn)) as jest.Describe;
  return Object.assign(skipped, { each: describe.skip.each, skip: describe.skip, only: describe.only });
}

/** Reasons used in several suites. */
export const WINDOWS_ONLY = 'Windows only: run `npm run test:windows` (Windows Node under Wine, docs/wine.md)';
export const NOT_UNDER_WINE = 'Linux and macOS only: under Wine a crashing child starts winedbg, which lingers';
