/*
 * sync.h - IMAPISync: the ABI (MAPISIB, IMAPISync, IMAPISyncProgressCallback), the sync knobs and
 * the hooks the rest of the provider calls.
 *
 * IMAPISync {5024A385-2D44-486A-81A8-8F0ECB6071DD} is "exposed on a store object": Outlook QIs an
 * opened IMsgStore for it and calls SynchronizeInBackground(MAPISIB*), and the provider reports
 * through IMAPISyncProgressCallback from a thread it created (mapi-abi.md §1-2). No public header
 * declares these three; the declarations below are written from the documentation.
 *
 * In this provider the default store ("Sample Mailbox") answers that QueryInterface; the archive
 * behaves like a PST that synchronizes inside Outlook and returns E_NOINTERFACE, unless the knob
 * archiveSync=1 is set (tests that sync two stores at once). store.c's QueryInterface calls
 * Sync_Create(); everything else about sync lives in sync.c (see README.md "Sync").
 */
#ifndef KMAPI_SAMPLE_SYNC_H
#define KMAPI_SAMPLE_SYNC_H

#include "mapi.h"

typedef struct Store Store; /* store.c: the IMsgStore object */

/* ------------------------------------------------------------------------------------------------
 * ABI
 * --------------------------------------------------------------------------------------------- */

/* MAPISIB.ulFlags (mapisib.md). Not to be confused with the ICS SYNC_* flags of EdkMdb.h or the
 * Replication API's, which reuse the names with other values. Any OR-combination is accepted. */
#define SYNC_UPLOAD_HIERARCHY 0x00000001u
#define SYNC_DOWNLOAD_HIERARCHY 0x00000002u
#define SYNC_UPLOAD_CONTENTS 0x00000040u
#define SYNC_DOWNLOAD_CONTENTS 0x00000080u
#define SYNC_OUTGOING_MAIL 0x00000200u /* documented as "not currently in use" */
#define SYNC_GLOBAL_HEADERS 0x02000000u
#define SYNC_ON_DEMAND 0x20000000u
#define SYNC_VALID_FLAGS                                                                           \
    (SYNC_UPLOAD_HIERARCHY | SYNC_DOWNLOAD_HIERARCHY | SYNC_UPLOAD_CONTENTS |                      \
     SYNC_DOWNLOAD_CONTENTS | SYNC_OUTGOING_MAIL | SYNC_GLOBAL_HEADERS | SYNC_ON_DEMAND)

typedef struct _MAPISIB {
    ULONG ulSize;            /* sizeof(MAPISIB): 32 on x64, 20 on x86 */
    ULONG ulFlags;           /* SYNC_* above */
    LPMAPISESSION psesSync;  /* [in] the session (may be NULL; not used by this provider) */
    LPUNKNOWN punkCallBack;  /* [in] QI-able for IID_IMAPISyncProgressCallback */
    HANDLE *phSyncDoneEvent; /* [out] "the event that will occur when the thread that was just
                               * created is complete" */
} MAPISIB, *PMAPISIB;

typedef struct IMAPISync IMAPISync;
typedef struct IMAPISyncVtbl {
    IUNKNOWN_SLOTS(IMAPISync)
    HRESULT(STDMETHODCALLTYPE *SynchronizeInBackground)(IMAPISync *This, PMAPISIB psibpb);
} IMAPISyncVtbl;
struct IMAPISync {
    const IMAPISyncVtbl *lpVtbl;
};

typedef struct IMAPISyncProgressCallback IMAPISyncProgressCallback;
typedef struct IMAPISyncProgressCallbackVtbl {
    IUNKNOWN_SLOTS(IMAPISyncProgressCallback)
    HRESULT(STDMETHODCALLTYPE *Progress)
    (IMAPISyncProgressCallback *This, const WCHAR *pwcszProgress, ULONG ulIndex, ULONG ulIndexMax);
    HRESULT(STDMETHODCALLTYPE *Error)
    (IMAPISyncProgressCallback *This, HRESULT hResult, const WCHAR *pwcszErrorStr);
    HRESULT(STDMETHODCALLTYPE *Done)
    (IMAPISyncProgressCallback *This, HANDLE hThreadDoneEvent, HRESULT hResult);
} IMAPISyncProgressCallbackVtbl;
struct IMAPISyncProgressCallback {
    const IMAPISyncProgressCallbackVtbl *lpVtbl;
};

/* {5024A386-2D44-486A-81A8-8F0ECB6071DD} (IID_IMAPISync is declared in provider.h). */
extern const IID IID_IMAPISyncProgressCallback;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
KMAPI_ASSERT_LAYOUT(sizeof(MAPISIB) == 32 && offsetof(MAPISIB, psesSync) == 8 &&
                        offsetof(MAPISIB, punkCallBack) == 16 &&
                        offsetof(MAPISIB, phSyncDoneEvent) == 24,
                    "x64 MAPISIB");
#elif UINTPTR_MAX == 0xFFFFFFFFu
KMAPI_ASSERT_LAYOUT(sizeof(MAPISIB) == 20 && offsetof(MAPISIB, psesSync) == 8 &&
                        offsetof(MAPISIB, punkCallBack) == 12 &&
                        offsetof(MAPISIB, phSyncDoneEvent) == 16,
                    "x86 MAPISIB");
#endif

/* ------------------------------------------------------------------------------------------------
 * Knobs (README.md "Sync knobs")
 * --------------------------------------------------------------------------------------------- */
#define SYNC_DEFAULT_ITEMS 10u
#define SYNC_MAX_ITEMS 1000000u
#define SYNC_MAX_MS 600000u /* sync.delay, sync.lateSignalMs, sync.blockMs, sync.lingerMs */
#define SYNC_MAX_THREADS 16u

/* SyncKnobs.set: which value fields a knob spec gave. */
#define SYNCK_ITEMS 0x01u
#define SYNCK_DELAY 0x02u
#define SYNCK_FAIL_ITEM 0x04u
#define SYNCK_FAIL 0x08u
#define SYNCK_LATE_SIGNAL 0x10u
#define SYNCK_THREADS 0x20u
#define SYNCK_BLOCK 0x40u          /* sync.blockMs */
#define SYNCK_BAD_INDEX 0x80u      /* sync.badIndex */
#define SYNCK_LATE_CANCEL 0x100u   /* sync.lateCancel */
#define SYNCK_NO_DONE_FLAGS 0x200u /* sync.noDoneFlags */
#define SYNCK_LINGER 0x400u        /* sync.lingerMs */

/* sync.badIndex values */
#define SYNC_BAD_INDEX_NONE 0u
#define SYNC_BAD_INDEX_PAST 1u /* the last Progress has ulIndex = ulIndexMax + 1 */
#define SYNC_BAD_INDEX_BACK 2u /* the third Progress repeats the first one's index */

/* SyncKnobs.boolSet / boolVal: the 0/1 knobs. */
#define SYNCB_PROGRESS_BEFORE_RETURN 0x001u /* sync.progressBeforeReturn */
#define SYNCB_NO_DONE 0x002u                /* sync.noDone */
#define SYNCB_NO_SIGNAL 0x004u              /* sync.noSignal */
#define SYNCB_HONOUR_CANCEL 0x008u          /* sync.honourCancel */
#define SYNCB_ARCHIVE 0x010u                /* archiveSync */
#define SYNCB_RELEASE_TWICE 0x020u          /* sync.releaseTwice */
#define SYNCB_NEVER_RELEASE 0x040u          /* sync.neverRelease */
#define SYNCB_CALL_AFTER_DONE 0x080u        /* sync.callAfterDone */
#define SYNCB_NULL_STRINGS 0x100u           /* sync.nullStrings */
#define SYNCB_DONE_TWICE 0x200u             /* sync.doneTwice */
#define SYNCB_ERROR_AFTER_DONE 0x400u       /* sync.errorAfterDone */
#define SYNCB_IGNORE_SIZE 0x800u            /* sync.ignoreSize */
#define SYNCB_INLINE 0x1000u                /* sync.inline */
#define SYNCB_NO_EVENT 0x2000u              /* sync.noEvent */
#define SYNCB_SIGNAL_EARLY 0x4000u          /* sync.signalEarly */
#define SYNCB_RAW_CALLBACK 0x8000u          /* sync.rawCallback */
#define SYNCB_BAD_ERROR_TEXT 0x10000u       /* sync.badErrorText */
#define SYNCB_SHARED_CALLBACK 0x20000u      /* sync.sharedCallback */
#define SYNCB_STUCK_BUSY 0x40000u           /* sync.stuckBusy */

/* Settings for the sync implementation, parsed from knobs by Sync_ParseKnob. Embedded in every
 * Knobs (process-wide knobs and each session's profile knobs) and zero-initialised: a zero struct
 * sets nothing. Only the fields whose bit is in `set` (or `boolSet`) were given; Sync_MergeKnobs
 * overlays one spec on another field by field. */
typedef struct SyncKnobs {
    ULONG set;          /* SYNCK_* */
    ULONG boolSet;      /* SYNCB_*: which 0/1 knobs were given */
    ULONG boolVal;      /* SYNCB_*: their values */
    ULONG items;        /* sync.items: messages downloaded per SYNC_DOWNLOAD_CONTENTS (10) */
    ULONG delayMs;      /* sync.delay: pause between items, ms (0) */
    ULONG failItem;     /* sync.failItem=N:HR: item N (1-based) of each contents phase fails */
    HRESULT failItemHr; /*   ... with this HRESULT, reported through Error */
    HRESULT failHr;     /* sync.fail: the whole sync fails after its first item */
    ULONG lateSignalMs; /* sync.lateSignalMs: with sync.noSignal, signal this long after the end */
    ULONG threads;      /* sync.threads (sync.twoThreads=1 is 2): reporting threads (1) */
    ULONG blockMs;      /* sync.blockMs: SynchronizeInBackground sleeps this long before returning */
    ULONG badIndex;     /* sync.badIndex: SYNC_BAD_INDEX_* */
    ULONG lateCancel;   /* sync.lateCancel: a cancel is honoured only after N further Progress */
    ULONG noDoneFlags;  /* sync.noDoneFlags: a run with ulFlags & this never calls Done */
    ULONG lingerMs;     /* sync.lingerMs: the thread releases the callback this long after Done */
} SyncKnobs;

/* Knob hook: called for every knob key that knobs.c does not know. Returns S_OK when the key was
 * consumed (its value parsed into *out), MAPI_E_NOT_FOUND when the key is not a sync knob (knobs.c
 * then reports an unknown knob), or MAPI_E_INVALID_PARAMETER for a sync knob with a bad value. */
HRESULT Sync_ParseKnob(const char *key, const char *value, SyncKnobs *out);

/* Overlays the knobs `over` gives on *dst (field by field). Used by Knobs_Merge. */
void Sync_MergeKnobs(SyncKnobs *dst, const SyncKnobs *over);

/* ------------------------------------------------------------------------------------------------
 * The store's hook
 * --------------------------------------------------------------------------------------------- */

/* IMsgStore::QueryInterface(IID_IMAPISync): creates the IMAPISync object for `store` and returns
 * it AddRef'd in *ppv (which the caller has already set to NULL), or E_NOINTERFACE for a store
 * that does not synchronize through IMAPISync (the archive, unless archiveSync=1). The object
 * holds a reference on the store. Called with the store's data lock NOT held. */
HRESULT Sync_Create(Store *store, void **ppv);

#endif /* KMAPI_SAMPLE_SYNC_H */
