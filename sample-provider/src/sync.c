/*
 * sync.c - IMAPISync for the default store.
 *
 * Placeholder: the IMAPISync object and SynchronizeInBackground (with its background thread,
 * IMAPISyncProgressCallback calls and done event) are the next task. Until then the default
 * store's QueryInterface(IID_IMAPISync) reaches Sync_Create() and gets E_NOINTERFACE, exactly
 * like a store without IMAPISync.
 *
 * What the implementation will find ready (see provider.h, platform.h):
 *   - ObjHeader / Obj_Init(..., OBJ_SYNC, "IMAPISync", ...) for refcounting, stats
 *     (SampleStats.cSyncs), GetLastError and fault injection ("fail=IMAPISync::...").
 *   - Plat_CreateThread / Plat_CreateEvent / Plat_SetEvent / Plat_DuplicateHandle, with
 *     SampleStats.cThreads counting the threads and Linux handles exported through
 *     SampleWaitForSingleObject / SampleCloseHandle / SampleGetThreadId.
 *   - SyncKnobs in sync.h, filled by Sync_ParseKnob below from "key=value" knobs.
 *   - DS_Lock / DS_Unlock for the data set; never call a client callback while holding it.
 */
#include "sync.h"

#include "provider.h"

HRESULT Sync_Create(Store *store, void **ppv)
{
    (void)store;
    (void)ppv;
    /* Next task: create the IMAPISync object here. */
    return E_NOINTERFACE;
}

HRESULT Sync_ParseKnob(const char *key, const char *value, SyncKnobs *out)
{
    (void)key;
    (void)value;
    (void)out;
    /* Next task: recognise the sync knobs (e.g. item count, delay) here. */
    return MAPI_E_NOT_FOUND;
}
