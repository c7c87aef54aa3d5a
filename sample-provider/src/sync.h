/*
 * sync.h - the hook between the message store and IMAPISync.
 *
 * IMAPISync {5024A385-2D44-486A-81A8-8F0ECB6071DD} is "exposed on a store object": Outlook QIs an
 * opened IMsgStore for it and calls SynchronizeInBackground(MAPISIB*), and the provider reports
 * through IMAPISyncProgressCallback from a thread it created (mapi-abi.md §1-2).
 *
 * In this provider only the default store ("Sample Mailbox") answers that QueryInterface; the
 * archive behaves like a PST that synchronizes inside Outlook and returns E_NOINTERFACE.
 * store.c's QueryInterface calls Sync_Create() for the default store; everything else about the
 * sync object lives in sync.c.
 */
#ifndef KMAPI_SAMPLE_SYNC_H
#define KMAPI_SAMPLE_SYNC_H

#include "mapi.h"

typedef struct Store Store; /* store.c: the IMsgStore object */

/* Settings for the sync implementation, parsed from knobs by Sync_ParseKnob. The sync task owns
 * this struct: add fields here (item count, delays, failures...). It is embedded in every Knobs
 * (process-wide knobs and each session's profile knobs) and zero-initialised. */
typedef struct SyncKnobs {
    ULONG ulReserved[8];
} SyncKnobs;

/* Creates the IMAPISync object for `store` and returns it AddRef'd in *ppv (which the caller has
 * already set to NULL). The object must AddRef the store (Obj_AddRef(&store->hdr)) for as long as
 * it needs it. Called with the store's data lock NOT held.
 * Returns S_OK or a failure HRESULT (E_NOINTERFACE while IMAPISync is not implemented). */
HRESULT Sync_Create(Store *store, void **ppv);

/* Knob hook: called for every knob key that knobs.c does not know. Return S_OK when the key was
 * consumed (parse `value` into *out), MAPI_E_NOT_FOUND when the key is not a sync knob (knobs.c
 * then reports an unknown knob), or MAPI_E_INVALID_PARAMETER for a sync knob with a bad value. */
HRESULT Sync_ParseKnob(const char *key, const char *value, SyncKnobs *out);

#endif /* KMAPI_SAMPLE_SYNC_H */
