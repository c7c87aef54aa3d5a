/**
 * 14 — Create a profile with a store service and log on to it.
 *
 *   npx ts-node --transpile-only examples/14-profile.ts
 *
 * mapi.profiles is MAPIAdminProfiles' IProfAdmin, made friendly: create() makes the profile, adds each
 * service (IMsgServiceAdmin2::CreateMsgServiceEx, or CreateMsgService before Outlook 2010) and
 * configures it (ConfigureMsgService with property values, here PR_PST_PATH_W: the file the store
 * lives in). The new profile is then a profile like any other: logon({ profile }) opens a session on
 * it. With Outlook the service is 'MSUPST MS' (a PST file);
 * with the bundled sample provider it is 'KMAPI_SAMPLE' (its mailbox), and the sample provider keeps
 * its profiles in the file named by KMAPI_PROFILES, which this example points at a temp folder so it
 * leaves nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialize, MapiError, sampleProvider, type Mapi } from '../lib';

const NAME = 'koffi-mapi example 14';

function isSample(mapi: Mapi): boolean {
  try {
    sampleProvider(mapi.lib);
    return true;
  } catch {
    return false;
  }
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-example-14-'));
  process.env.KMAPI_PROFILES ??= path.join(dir, 'profiles.txt'); // read by the sample provider only
  try {
    using mapi = initialize();
    const service = isSample(mapi) ? 'KMAPI_SAMPLE' : 'MSUPST MS';
    if (mapi.profiles.list().some((p) => p.name === NAME)) mapi.profiles.delete(NAME); // a clean start

    const storeFile = path.join(dir, service === 'MSUPST MS' ? 'example.pst' : 'example.store');
    const profile = mapi.profiles.create(NAME, { services: [{ service, props: { PR_PST_PATH_W: storeFile } }] });
    console.log(`Created profile '${profile.name}' with ${profile.services().map((s) => `${s.service} ("${s.displayName}")`).join(', ')}`);
    console.log(`Profiles now: ${mapi.profiles.list().map((p) => p.name + (p.isDefault ? ' (default)' : '')).join(', ')}`);

    {
      using session = mapi.logon({ profile: NAME });
      const stores = session.stores();
      console.log(`Logged on to '${session.profile}': ${stores.length} store(s): ${stores.map((s) => s.name).join(', ')}`);
      using store = session.defaultStore();
      using inbox = store.receiveFolder();
      console.log(`Its ${inbox.get('PR_DISPLAY_NAME_W')} has ${inbox.get('PR_CONTENT_COUNT')} message(s); the store lives in ${path.basename(storeFile)}`);
    }

    // MAPI's own errors: a second profile of the same name is MAPI_E_NO_ACCESS (as CreateProfile's
    // documentation says), an unknown one MAPI_E_NOT_FOUND.
    try {
      mapi.profiles.create(NAME);
    } catch (e) {
      if (!(e instanceof MapiError)) throw e;
      console.log(`Creating it again: ${e.name} from ${e.call}`);
    }
    mapi.profiles.delete(NAME);
    console.log(`Deleted '${NAME}'; profiles left: ${mapi.profiles.list().length}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
