/**
 * 01 — Initialize MAPI and log on.
 *
 *   npx ts-node --transpile-only examples/01-logon.ts
 *
 * initialize() finds and loads the MAPI DLL (the `path` option, else MAPI_DLL, else the registry on
 * Windows, else the bundled sample provider) and calls MAPIInitialize on this thread. logon() calls
 * MAPILogonEx. Both return objects that work with `using`: when the block ends the session logs off and
 * MAPI is uninitialized, in that order, even if something in between throws.
 */
import { initialize, MapiError } from '../lib';

function main(): void {
  using mapi = initialize();
  // Where MAPI came from, and every candidate that was looked at on the way.
  console.log(`MAPI DLL: ${mapi.lib.path}`);
  console.log(`found by: ${mapi.lib.via}`);
  for (const a of mapi.lib.attempts) console.log(`  tried ${a.path} (${a.via})${a.problem ? `: ${a.problem}` : ': loaded'}`);

  // 'Sample' is the sample provider's profile. With Outlook it is a profile name from the Mail control
  // panel; omit `profile` to use the default profile.
  using session = mapi.logon({ profile: 'Sample' });
  console.log(`Logged on to profile '${session.profile}'`);

  // A failed MAPI call throws a MapiError that names the HRESULT, its value and the call.
  try {
    using other = mapi.logon({ profile: 'NoSuchProfile' });
  } catch (e) {
    if (!(e instanceof MapiError)) throw e;
    console.log(`A wrong profile fails as expected: ${e.name} (hr 0x${e.hr.toString(16)}) from ${e.call}`);
  }
  // End of scope: `session` logs off, then `mapi` calls MAPIUninitialize.
}

main();
console.log('Logged off and uninitialized.');
