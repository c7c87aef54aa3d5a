/**
 * sync.sib-size: a MAPISIB whose ulSize says 8 bytes (ulSize and ulFlags only). The fields after those
 * 8 bytes are filled in as usual, but with a canary callback: a provider that refuses the MAPISIB never
 * touches it; one that reads past ulSize QueryInterfaces it, and if it goes on to sync, the probe waits
 * for that run to end so that nothing is left behind.
 */
import koffi from 'koffi';
import { IMAPISync } from '../../ffi-defs/interfaces/IMAPISync';
import { IMAPISyncProgressCallback } from '../../ffi-defs/interfaces/IMAPISyncProgressCallback';
import { SYNC_FLAGS } from '../../ffi-defs/constants/flags';
import { implement } from '../com/jsobject';
import { structType } from '../ffi/types';
import { MapiError, hresultName } from '../errors';
import type { MapiLibrary } from '../loader';
import type { Store } from '../mapi/folders';
import { makeMapiSib } from '../mapi/sync';
import { PTR, readPtr } from '../mapi/memory';
import { handleApi, WAIT_OBJECT_0 } from '../platform/handles';
import { fail, pass, type CheckRun, type EvidenceLog, type Verdict } from './context';

const SHORT_SIZE = 8;

export async function sibSizeProbe(run: CheckRun, store: Store, lib: MapiLibrary, ev: EvidenceLog): Promise<Verdict> {
  const calls: string[] = [];
  let done = false;
  const canary = implement(
    IMAPISyncProgressCallback,
    { Progress: () => void calls.push('Progress'), Error: () => void calls.push('Error'), Done: () => void ((done = true), calls.push('Done')) },
    { onNote: (info) => void calls.push(info.call.slice(info.call.indexOf('::') + 2)) },
  );
  const unhold = canary.hold();
  const sync = store.raw.QueryInterface(IMAPISync);
  const { sib, doneSlot } = makeMapiSib(SYNC_FLAGS.SYNC_DOWNLOAD_HIERARCHY, store.session?.ptr ?? null, canary.ptr);
  sib.writeUInt32LE(SHORT_SIZE, koffi.offsetof(structType('MAPISIB'), 'ulSize'));
  let hr = 0;
  try {
    sync.SynchronizeInBackground(sib);
  } catch (e) {
    if (!(e instanceof MapiError)) throw e;
    hr = e.hr;
  } finally {
    sync.release();
  }
  const call = 'IMAPISync::SynchronizeInBackground';
  const size = `ulSize ${SHORT_SIZE} (sizeof(MAPISIB) is ${sib.length})`;
  // Whether no provider thread can still call the canary: then only its own references keep it.
  let over = true;
  try {
    if ((hr | 0) < 0) {
      ev.add(`MAPISIB with ${size}: refused with ${hresultName(hr)}`, { call, hr });
      if (calls.length) {
        ev.add(`yet the canary callback after byte ${SHORT_SIZE} was called: ${calls.join(', ')}`);
        return fail(`refused the short MAPISIB, but read punkCallBack past ulSize (${calls.join(', ')})`);
      }
      return pass();
    }
    ev.add(`MAPISIB with ${size}: SynchronizeInBackground returned ${hresultName(hr)}`, { call, hr });
    const event = readPtr(new DataView(doneSlot.buffer, doneSlot.byteOffset, PTR), 0) || null;
    // The provider read past ulSize and started a sync with the canary: wait for it to end.
    const handles = handleApi(lib);
    const ended = () => done && (!event || handles.wait(event, 0) === WAIT_OBJECT_0);
    const deadline = performance.now() + (run.options.timeoutMs ?? 10_000);
    while (performance.now() < deadline && !ended()) await new Promise((r) => setTimeout(r, 5));
    over = ended();
    if (event && over) handles.close(event);
    ev.add(`the canary callback (reachable only past ulSize) got: ${calls.join(', ') || 'nothing yet'}`);
    return fail(`accepted a MAPISIB whose ulSize is ${SHORT_SIZE}${calls.length ? ' and used the fields past it' : ''}`);
  } finally {
    canary.release();
    // A thread that has not ended may still call: then its trampolines stay for good.
    if (over) unhold();
  }
}
