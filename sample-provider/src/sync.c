/*
 * sync.c - IMAPISync: SynchronizeInBackground with a real background thread, a simulated server
 * that really changes the store, IMAPISyncProgressCallback reports, a done event, and knobs that
 * make the provider misbehave on purpose (README.md "Sync", "Sync knobs").
 *
 * Life of one run
 *   SynchronizeInBackground (caller's thread)
 *     checks the MAPISIB, QIs punkCallBack for IMAPISyncProgressCallback (that reference belongs
 *     to the run), resolves the knobs, takes the store's next sync sequence number and a snapshot
 *     of the Outbox, optionally reports "Starting" (sync.progressBeforeReturn), starts the sync
 *     thread, writes the done event into *phSyncDoneEvent and returns S_OK.
 *   SyncMain (the sync thread)
 *     MAPIInitialize; starts the extra reporting threads (sync.threads); runs the phases, one
 *     Progress per step (Error for a failed item); waits for the reporting threads; Done(event,
 *     hr); releases the callback and the IMAPISync object; MAPIUninitialize; ends. The thread
 *     handle is the done event, so it is signalled exactly when the thread has ended.
 *
 * Rules kept here: the callback is never called with the data-set lock held (every change takes
 * DS_Lock, does the change, releases it, and only then reports); the sync thread never waits for
 * the caller's thread (the only thing it may wait for is the short window in which
 * SynchronizeInBackground duplicates the thread handle, a few instructions with no callback in
 * them); a run counts in SampleStats.cSyncs until its thread function returns.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "notify.h"
#include "objects.h"
#include "sync.h"

/* {5024A386-2D44-486A-81A8-8F0ECB6071DD} */
const IID IID_IMAPISyncProgressCallback = {
    0x5024A386, 0x2D44, 0x486A, {0x81, 0xA8, 0x8F, 0x0E, 0xCB, 0x60, 0x71, 0xDD}};

/* ================================================================================================
 * Knobs
 * ============================================================================================= */
static const KnobBit g_boolKnobs[] = {
    {"sync.progressBeforeReturn", SYNCB_PROGRESS_BEFORE_RETURN},
    {"sync.noDone", SYNCB_NO_DONE},
    {"sync.noSignal", SYNCB_NO_SIGNAL},
    {"sync.honourCancel", SYNCB_HONOUR_CANCEL},
    {"sync.honorCancel", SYNCB_HONOUR_CANCEL},
    {"archiveSync", SYNCB_ARCHIVE},
    {"sync.releaseTwice", SYNCB_RELEASE_TWICE},
    {"sync.neverRelease", SYNCB_NEVER_RELEASE},
    {"sync.callAfterDone", SYNCB_CALL_AFTER_DONE},
    {"sync.nullStrings", SYNCB_NULL_STRINGS},
    {"sync.doneTwice", SYNCB_DONE_TWICE},
    {"sync.errorAfterDone", SYNCB_ERROR_AFTER_DONE},
    {"sync.ignoreSize", SYNCB_IGNORE_SIZE},
    {"sync.inline", SYNCB_INLINE},
    {"sync.noEvent", SYNCB_NO_EVENT},
    {"sync.signalEarly", SYNCB_SIGNAL_EARLY},
    {"sync.rawCallback", SYNCB_RAW_CALLBACK},
    {"sync.badErrorText", SYNCB_BAD_ERROR_TEXT},
    {"sync.sharedCallback", SYNCB_SHARED_CALLBACK},
    {"sync.stuckBusy", SYNCB_STUCK_BUSY},
};

/* The value knobs that are one ULONG each: key, SYNCK_* bit, maximum, field. */
static const struct {
    const char *key;
    ULONG bit;
    unsigned long long max;
    size_t offset;
} g_numKnobs[] = {
    {"sync.blockMs", SYNCK_BLOCK, SYNC_MAX_MS, offsetof(SyncKnobs, blockMs)},
    {"sync.lateCancel", SYNCK_LATE_CANCEL, SYNC_MAX_ITEMS, offsetof(SyncKnobs, lateCancel)},
    {"sync.noDoneFlags", SYNCK_NO_DONE_FLAGS, 0xFFFFFFFFull, offsetof(SyncKnobs, noDoneFlags)},
    {"sync.lingerMs", SYNCK_LINGER, SYNC_MAX_MS, offsetof(SyncKnobs, lingerMs)},
};

HRESULT Sync_ParseKnob(const char *key, const char *value, SyncKnobs *out)
{
    unsigned long long v, hr;
    HRESULT bit = Knobs_ParseBit(key, value, g_boolKnobs, ARRAY_COUNT(g_boolKnobs), &out->boolSet,
                                 &out->boolVal, NULL, 0);
    if (bit != MAPI_E_NOT_FOUND)
        return bit;
    for (size_t i = 0; i < ARRAY_COUNT(g_numKnobs); i++) {
        if (strcmp(key, g_numKnobs[i].key) == 0) {
            if (!Knobs_ParseNumber(value, g_numKnobs[i].max, &v))
                return MAPI_E_INVALID_PARAMETER;
            out->set |= g_numKnobs[i].bit;
            *(ULONG *)((char *)out + g_numKnobs[i].offset) = (ULONG)v;
            return S_OK;
        }
    }
    if (strcmp(key, "sync.badIndex") == 0) {
        /* past | back; 0 turns it off */
        if (!value)
            return MAPI_E_INVALID_PARAMETER;
        if (strcmp(value, "past") == 0)
            out->badIndex = SYNC_BAD_INDEX_PAST;
        else if (strcmp(value, "back") == 0)
            out->badIndex = SYNC_BAD_INDEX_BACK;
        else if (strcmp(value, "0") == 0)
            out->badIndex = SYNC_BAD_INDEX_NONE;
        else
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_BAD_INDEX;
    } else if (strcmp(key, "sync.items") == 0) {
        if (!Knobs_ParseNumber(value, SYNC_MAX_ITEMS, &v))
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_ITEMS;
        out->items = (ULONG)v;
    } else if (strcmp(key, "sync.delay") == 0) {
        if (!Knobs_ParseNumber(value, SYNC_MAX_MS, &v))
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_DELAY;
        out->delayMs = (ULONG)v;
    } else if (strcmp(key, "sync.lateSignalMs") == 0) {
        if (!Knobs_ParseNumber(value, SYNC_MAX_MS, &v))
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_LATE_SIGNAL;
        out->lateSignalMs = (ULONG)v;
    } else if (strcmp(key, "sync.threads") == 0) {
        if (!Knobs_ParseNumber(value, SYNC_MAX_THREADS, &v) || v == 0)
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_THREADS;
        out->threads = (ULONG)v;
    } else if (strcmp(key, "sync.twoThreads") == 0) {
        if (!Knobs_ParseNumber(value, 1, &v))
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_THREADS;
        out->threads = v ? 2 : 1;
    } else if (strcmp(key, "sync.fail") == 0) {
        /* 0 turns it off; anything else is the HRESULT Done reports. */
        if (!Knobs_ParseNumber(value, 0xFFFFFFFFull, &hr))
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_FAIL;
        out->failHr = (HRESULT)(ULONG)hr;
    } else if (strcmp(key, "sync.failItem") == 0) {
        /* N:0xHRESULT, N >= 1 (0:0 turns it off) */
        char buf[64];
        const char *colon = strchr(value, ':');
        size_t n = colon ? (size_t)(colon - value) : 0;
        if (!colon || n == 0 || n >= sizeof buf)
            return MAPI_E_INVALID_PARAMETER;
        memcpy(buf, value, n);
        buf[n] = 0;
        if (!Knobs_ParseNumber(buf, SYNC_MAX_ITEMS, &v) || !Knobs_ParseNumber(colon + 1, 0xFFFFFFFFull, &hr) ||
            (v == 0) != (hr == 0))
            return MAPI_E_INVALID_PARAMETER;
        out->set |= SYNCK_FAIL_ITEM;
        out->failItem = (ULONG)v;
        out->failItemHr = (HRESULT)(ULONG)hr;
    } else {
        return MAPI_E_NOT_FOUND;
    }
    return S_OK;
}

void Sync_MergeKnobs(SyncKnobs *dst, const SyncKnobs *over)
{
    if (over->set & SYNCK_ITEMS)
        dst->items = over->items;
    if (over->set & SYNCK_DELAY)
        dst->delayMs = over->delayMs;
    if (over->set & SYNCK_FAIL_ITEM) {
        dst->failItem = over->failItem;
        dst->failItemHr = over->failItemHr;
    }
    if (over->set & SYNCK_FAIL)
        dst->failHr = over->failHr;
    if (over->set & SYNCK_LATE_SIGNAL)
        dst->lateSignalMs = over->lateSignalMs;
    if (over->set & SYNCK_THREADS)
        dst->threads = over->threads;
    for (size_t i = 0; i < ARRAY_COUNT(g_numKnobs); i++)
        if (over->set & g_numKnobs[i].bit)
            *(ULONG *)((char *)dst + g_numKnobs[i].offset) =
                *(const ULONG *)((const char *)over + g_numKnobs[i].offset);
    if (over->set & SYNCK_BAD_INDEX)
        dst->badIndex = over->badIndex;
    dst->set |= over->set;
    dst->boolVal = (dst->boolVal & ~over->boolSet) | (over->boolVal & over->boolSet);
    dst->boolSet |= over->boolSet;
}

/* The knobs in force for a data set right now: defaults <- process-wide (read live, so
 * SampleProvider_SetKnobs applies to sessions that already exist) <- the session's profile. */
static void EffectiveKnobs(DataSet *ds, SyncKnobs *out)
{
    Knobs global;
    Knobs_GetGlobal(&global);
    memset(out, 0, sizeof *out);
    out->items = SYNC_DEFAULT_ITEMS;
    out->threads = 1;
    Sync_MergeKnobs(out, &global.sync);
    Sync_MergeKnobs(out, &ds->knobs.sync);
}

/* ================================================================================================
 * Small helpers
 * ============================================================================================= */

/* ASCII text to UTF-16 in a fixed buffer (the provider's own messages are ASCII). */
static void Widen(WCHAR *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++)
        dst[i] = (WCHAR)(unsigned char)src[i];
    dst[i] = 0;
}

static void HrText(HRESULT hr, char *buf, size_t cb)
{
    const char *name = HrName(hr);
    if (name)
        snprintf(buf, cb, "%s (0x%08X)", name, (unsigned)hr);
    else
        snprintf(buf, cb, "0x%08X", (unsigned)hr);
}

static FILETIME NowFt(void)
{
    uint64_t t = Plat_NowFileTime();
    FILETIME ft;
    ft.dwLowDateTime = (DWORD)t;
    ft.dwHighDateTime = (DWORD)(t >> 32);
    return ft;
}

static HRESULT BagAStr(PropBag *b, ULONG tag, const char *s)
{
    WCHAR w[256];
    Widen(w, ARRAY_COUNT(w), s);
    return Bag_SetW(b, tag, w);
}

/* ================================================================================================
 * The IMAPISync object
 * ============================================================================================= */
typedef struct Sync {
    ObjHeader hdr;
    Store *store; /* referenced */
} Sync;

/* One SynchronizeInBackground call. Owned by its sync thread, which frees it when it ends. */
typedef struct SyncRun {
    Sync *sync;    /* referenced until the sync thread has finished with the store */
    DataSet *ds;   /* sync->hdr.ds */
    StoreRec *rec; /* sync->store->rec */
    IMAPISyncProgressCallback *cb; /* the reference QueryInterface gave us */
    SyncKnobs k;                   /* effective knobs, fixed at the start */
    ULONG flags;                   /* MAPISIB.ulFlags */
    ULONG seq;                     /* n: this store's sync sequence number (1-based) */
    ULONG total;                   /* ulIndexMax of the main thread's Progress calls */
    ULONG pos;                     /* steps started (main sync thread only) */
    ULONG cOutbox;                 /* Outbox snapshot taken at the start (message ids) */
    ULONG *outboxIds;

    /* The handle the caller got in *phSyncDoneEvent (and Done gets). SynchronizeInBackground
     * holds `gate` from before the thread starts until hDone is set. */
    PlatLock gate;
    HANDLE hDone;
    HANDLE hEvent; /* sync.noSignal: the provider's own handle to the separate event */

    /* The first failure that stops the sync (cancel through Progress, sync.fail, logoff). */
    PlatLock stopLock;
    int stopped;
    HRESULT stopHr;
    /* sync.lateCancel (under stopLock): a cancel seen, not yet honoured, and the Progress calls
     * made since. */
    int cancelPending;
    HRESULT cancelHr;
    ULONG afterCancel;
    struct SyncShared *shared; /* sync.sharedCallback: this run's entry (the run's reference) */
} SyncRun;

/* sync.sharedCallback: the data set's "current callback" (DataSet.syncShared), the callback of
 * the run started last, with a reference on it. Counted: the slot holds one reference, its run
 * one, and every report in flight one; the last one releases the callback. */
struct SyncShared {
    volatile int32_t refs;
    IMAPISyncProgressCallback *cb; /* AddRef'd */
};
static PlatLock g_sharedLock = PLAT_LOCK_INIT; /* DataSet.syncShared, DataSet.syncStuckBusy */

static void SharedRelease(struct SyncShared *sh)
{
    if (sh && Plat_AtomicDec(&sh->refs) == 0) {
        sh->cb->lpVtbl->Release(sh->cb);
        free(sh);
    }
}

typedef struct SyncReporter {
    SyncRun *run;
    ULONG number; /* 2, 3...: the extra reporting threads */
    void *hThread;
} SyncReporter;

static int KnobOn(const SyncRun *r, ULONG bit) { return (r->k.boolVal & bit) != 0; }

static void Stop(SyncRun *r, HRESULT hr)
{
    Plat_Lock(&r->stopLock);
    if (!r->stopped) {
        r->stopped = 1;
        r->stopHr = hr;
    }
    Plat_Unlock(&r->stopLock);
}

static int Stopped(SyncRun *r, HRESULT *phr)
{
    Plat_Lock(&r->stopLock);
    int s = r->stopped;
    if (phr)
        *phr = r->stopHr;
    Plat_Unlock(&r->stopLock);
    return s;
}

/* ---- Calls into the client's callback (never with a lock held) ------------------------------- */

/* The callback a report goes to: the run's own, or with sync.sharedCallback the one of the run
 * started last on the data set. *held is what to give back to SharedRelease afterwards. */
static IMAPISyncProgressCallback *CbTake(SyncRun *r, struct SyncShared **held)
{
    *held = NULL;
    if (!KnobOn(r, SYNCB_SHARED_CALLBACK))
        return r->cb;
    Plat_Lock(&g_sharedLock);
    struct SyncShared *sh = r->ds->syncShared;
    if (sh)
        Plat_AtomicInc(&sh->refs);
    Plat_Unlock(&g_sharedLock);
    *held = sh;
    return sh ? sh->cb : r->cb;
}

/* sync.sharedCallback at the start of a run: its callback becomes the data set's current one. */
static HRESULT SharedPublish(SyncRun *r)
{
    struct SyncShared *sh = malloc(sizeof *sh);
    if (!sh)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    sh->refs = 2; /* the slot's and the run's */
    sh->cb = r->cb;
    sh->cb->lpVtbl->AddRef(sh->cb);
    Plat_Lock(&g_sharedLock);
    struct SyncShared *old = r->ds->syncShared;
    r->ds->syncShared = sh;
    Plat_Unlock(&g_sharedLock);
    r->shared = sh;
    SharedRelease(old); /* the slot's reference on the previous run's callback */
    return S_OK;
}

/* ... and at its end: the slot is emptied if it still holds this run's callback. */
static void SharedWithdraw(SyncRun *r)
{
    if (!r->shared)
        return;
    Plat_Lock(&g_sharedLock);
    int mine = r->ds->syncShared == r->shared;
    if (mine)
        r->ds->syncShared = NULL;
    Plat_Unlock(&g_sharedLock);
    if (mine)
        SharedRelease(r->shared);
    SharedRelease(r->shared);
    r->shared = NULL;
}

static HRESULT CbProgress(SyncRun *r, const char *text, ULONG index, ULONG max)
{
    WCHAR w[200];
    struct SyncShared *held;
    Widen(w, ARRAY_COUNT(w), text);
    IMAPISyncProgressCallback *cb = CbTake(r, &held);
    HRESULT hr = cb->lpVtbl->Progress(cb, KnobOn(r, SYNCB_NULL_STRINGS) ? NULL : w, index, max);
    SharedRelease(held);
    return hr;
}

static void CbErrorW(SyncRun *r, HRESULT hr, const WCHAR *w)
{
    struct SyncShared *held;
    IMAPISyncProgressCallback *cb = CbTake(r, &held);
    /* Error's own return value has no documented meaning: ignored. */
    cb->lpVtbl->Error(cb, hr, KnobOn(r, SYNCB_NULL_STRINGS) ? NULL : w);
    SharedRelease(held);
}

static void CbError(SyncRun *r, HRESULT hr, const char *text)
{
    WCHAR w[300];
    Widen(w, ARRAY_COUNT(w), text);
    CbErrorW(r, hr, w);
}

/* What a failure returned by Progress does: nothing (only S_OK is documented), a stop with
 * sync.honourCancel, or with sync.lateCancel=N a stop only after N further Progress calls.
 * Returns 0 when the sync must stop. */
static int AfterProgress(SyncRun *r, HRESULT hr)
{
    if (r->k.set & SYNCK_LATE_CANCEL) {
        int stop = 0;
        Plat_Lock(&r->stopLock);
        if (r->cancelPending) {
            stop = ++r->afterCancel >= r->k.lateCancel;
        } else if (FAILED(hr)) {
            r->cancelPending = 1;
            r->cancelHr = hr;
            stop = r->k.lateCancel == 0;
        }
        HRESULT cancelHr = r->cancelHr;
        Plat_Unlock(&r->stopLock);
        if (stop)
            Stop(r, cancelHr);
        return !stop;
    }
    if (FAILED(hr) && KnobOn(r, SYNCB_HONOUR_CANCEL)) {
        Stop(r, hr);
        return 0;
    }
    return 1;
}

/* ---- Steps ------------------------------------------------------------------------------------
 * Every unit of work is a step: BeginStep reports it (Progress(text, ++pos, total)), EndStep
 * applies sync.fail after the first one. Either returns 0 when the sync must stop. */
static int BeginStep(SyncRun *r, const char *text)
{
    if (Stopped(r, NULL))
        return 0;
    if (r->pos > 0 && r->k.delayMs) {
        Plat_Sleep(r->k.delayMs);
        if (Stopped(r, NULL))
            return 0;
    }
    if (DS_IsLoggedOff(r->ds)) {
        Stop(r, MAPI_E_END_OF_SESSION);
        CbError(r, MAPI_E_END_OF_SESSION,
                "The session was logged off (IMAPISession::Logoff) during the synchronization");
        return 0;
    }
    r->pos++;
    ULONG index = r->pos;
    if (r->k.badIndex == SYNC_BAD_INDEX_PAST && r->pos == r->total)
        index = r->total + 1; /* sync.badIndex=past: beyond ulIndexMax */
    else if (r->k.badIndex == SYNC_BAD_INDEX_BACK && r->pos == 3)
        index = KnobOn(r, SYNCB_PROGRESS_BEFORE_RETURN) ? 0 : 1; /* the first one's again */
    return AfterProgress(r, CbProgress(r, text, index, r->total));
}

static int EndStep(SyncRun *r)
{
    if (KnobOn(r, SYNCB_BAD_ERROR_TEXT) && r->pos == 1) {
        /* sync.badErrorText: UTF-16 that is not well-formed, a lone high surrogate first */
        WCHAR w[120];
        w[0] = 0xD800;
        Widen(w + 1, ARRAY_COUNT(w) - 1,
              " lone high surrogate before this text (knob sync.badErrorText)");
        CbErrorW(r, MAPI_E_CALL_FAILED, w);
    }
    if ((r->k.set & SYNCK_FAIL) && r->k.failHr != S_OK && r->pos == 1) {
        char hrText[80], text[200];
        HrText(r->k.failHr, hrText, sizeof hrText);
        snprintf(text, sizeof text,
                 "The simulated server failed after the first item: %s (knob sync.fail)", hrText);
        CbError(r, r->k.failHr, text);
        Stop(r, r->k.failHr);
        return 0;
    }
    return 1;
}

/* ---- The simulated server (data changes, all under DS_Lock) ---------------------------------- */

/* "Server Folders" under the IPM subtree, created if missing. */
static FolderRec *EnsureServerFolders(StoreRec *s, HRESULT *phr)
{
    FolderRec *f = Data_FindChildByName(s->ipm, u"Server Folders");
    *phr = S_OK;
    if (f)
        return f;
    *phr = Data_CreateFolder(s->ipm, u"Server Folders",
                             u"Folders created by the simulated server (IMAPISync)", &f);
    if (*phr != S_OK)
        return NULL;
    Bag_SetW(&f->props, PR_CONTAINER_CLASS_W, u"IPF.Note");
    return f;
}

/* Where downloaded messages go: the Inbox, or "Server Folders" in a store without one. */
static FolderRec *DownloadFolder(StoreRec *s, HRESULT *phr)
{
    *phr = S_OK;
    return s->inbox ? s->inbox : EnsureServerFolders(s, phr);
}

static HRESULT BuildDownloaded(SyncRun *r, ULONG i, PropBag *bag)
{
    char buf[200];
    FILETIME now = NowFt();
    HRESULT hr = Bag_SetW(bag, PR_MESSAGE_CLASS_W, u"IPM.Note");
    snprintf(buf, sizeof buf, "Downloaded %lu.%lu", (unsigned long)r->seq, (unsigned long)i);
    if (hr == S_OK)
        hr = BagAStr(bag, PR_SUBJECT_W, buf);
    if (hr == S_OK)
        hr = Bag_SetW(bag, PR_SENDER_NAME_W, u"Sample Server");
    if (hr == S_OK)
        hr = Bag_SetW(bag, PR_SENDER_EMAIL_ADDRESS_W, u"server@sample.invalid");
    if (hr == S_OK)
        hr = Bag_SetW(bag, PR_DISPLAY_TO_W, u"Sample User");
    if (hr == S_OK && !(r->flags & SYNC_GLOBAL_HEADERS)) {
        snprintf(buf, sizeof buf,
                 "Message %lu of sync run %lu, delivered by the simulated server of the koffi-mapi "
                 "sample provider.",
                 (unsigned long)i, (unsigned long)r->seq);
        hr = BagAStr(bag, PR_BODY_W, buf);
    }
    if (hr == S_OK)
        hr = Bag_SetLong(bag, PR_MESSAGE_FLAGS, 0); /* unread */
    if (hr == S_OK)
        hr = Bag_SetLong(bag, PR_IMPORTANCE, 1); /* IMPORTANCE_NORMAL */
    if (hr == S_OK)
        hr = Bag_SetBool(bag, PR_HASATTACH, 0);
    if (hr == S_OK)
        hr = Bag_SetTime(bag, PR_MESSAGE_DELIVERY_TIME, now);
    if (hr == S_OK)
        hr = Bag_SetTime(bag, PR_CLIENT_SUBMIT_TIME, now);
    if (hr == S_OK)
        hr = Bag_SetTime(bag, PR_CREATION_TIME, now);
    if (hr == S_OK)
        hr = Bag_SetTime(bag, PR_LAST_MODIFICATION_TIME, now);
    if (hr == S_OK) {
        snprintf(buf, sizeof buf, "<sync-%lu-%lu-%lu@sample.invalid>", (unsigned long)r->rec->index,
                 (unsigned long)r->seq, (unsigned long)i);
        hr = BagAStr(bag, PR_INTERNET_MESSAGE_ID_W, buf);
    }
    return hr;
}

static HRESULT StoreDownloaded(SyncRun *r, ULONG i)
{
    PropBag bag = {0};
    HRESULT hr = BuildDownloaded(r, i, &bag);
    if (hr == S_OK) {
        DS_Lock(r->ds);
        FolderRec *f = DownloadFolder(r->rec, &hr);
        MsgRec *m = NULL;
        if (f)
            hr = Data_AddMessage(f, Data_NewMessageId(r->rec), &bag, NULL, &m);
        if (hr == S_OK && m && f == r->rec->inbox)
            Ntf_NewMail(m); /* new mail: delivered to the store's Inbox */
        DS_Unlock(r->ds);
    }
    Bag_Free(&bag);
    return hr;
}

/* Marks the first unread message of the download folder read (a change made on the server). */
static HRESULT MarkOneRead(SyncRun *r)
{
    HRESULT hr;
    DS_Lock(r->ds);
    FolderRec *f = DownloadFolder(r->rec, &hr);
    for (ULONG i = 0; f && i < f->cMsgs; i++) {
        MsgRec *m = f->msgs[i];
        if (m->flags & MSGFLAG_READ)
            continue;
        PropBag bag = {0};
        SubObjs subs = {0};
        hr = Data_MaterializeMessage(m, &bag);
        if (hr == S_OK)
            hr = Data_MaterializeSubs(m, &subs);
        if (hr == S_OK)
            hr = Bag_SetLong(&bag, PR_MESSAGE_FLAGS, (LONG)(m->flags | MSGFLAG_READ));
        if (hr == S_OK)
            hr = Data_UpdateMessage(m, &bag, &subs);
        Bag_Free(&bag);
        Subs_Free(&subs);
        break;
    }
    DS_Unlock(r->ds);
    return hr;
}

/* Moves Outbox message `id` to Sent Items. S_FALSE when it is no longer in the Outbox. */
static HRESULT SendOne(SyncRun *r, ULONG id)
{
    StoreRec *s = r->rec;
    HRESULT hr = S_OK;
    DS_Lock(r->ds);
    MsgRec *m = Store_FindMessage(s, id);
    if (!m || m->folder != s->outbox || !s->sent) {
        hr = S_FALSE;
    } else {
        PropBag bag = {0};
        SubObjs subs = {0};
        MsgRec *copy = NULL;
        hr = Data_MaterializeMessage(m, &bag);
        if (hr == S_OK)
            hr = Data_MaterializeSubs(m, &subs);
        if (hr == S_OK)
            hr = Bag_SetLong(&bag, PR_MESSAGE_FLAGS,
                         (LONG)((m->flags & ~(MSGFLAG_UNSENT | MSGFLAG_SUBMIT)) | MSGFLAG_READ));
        if (hr == S_OK)
            hr = Bag_SetTime(&bag, PR_CLIENT_SUBMIT_TIME, NowFt());
        if (hr == S_OK)
            hr = Data_AddMessage(s->sent, Data_NewMessageId(s), &bag, &subs, &copy);
        if (hr == S_OK)
            Data_DeleteMessage(m);
        Bag_Free(&bag);
        Subs_Free(&subs);
    }
    DS_Unlock(r->ds);
    return hr;
}

/* ---- Phases ---------------------------------------------------------------------------------- */
enum {
    STEPS_UPLOAD_HIERARCHY = 2,
    STEPS_DOWNLOAD_HIERARCHY = 3,
};

static ULONG StepsOf(ULONG flags, ULONG cOutbox, ULONG items)
{
    ULONG n = 0;
    if (flags & SYNC_UPLOAD_HIERARCHY)
        n += STEPS_UPLOAD_HIERARCHY;
    if (flags & SYNC_UPLOAD_CONTENTS)
        n += cOutbox ? cOutbox : 1;
    if (flags & SYNC_DOWNLOAD_HIERARCHY)
        n += STEPS_DOWNLOAD_HIERARCHY;
    if (flags & SYNC_DOWNLOAD_CONTENTS)
        n += items ? items : 1;
    return n ? n : 1; /* "Nothing to synchronize" */
}

static int PhaseUploadHierarchy(SyncRun *r)
{
    /* The sample has no record of local folder changes: nothing to push, only the steps. */
    if (!BeginStep(r, "Checking local folder changes") || !EndStep(r))
        return 0;
    return BeginStep(r, "No folder changes to upload") && EndStep(r);
}

static int PhaseUploadContents(SyncRun *r)
{
    char text[200], hrText[80];
    if (!r->cOutbox)
        return BeginStep(r, "No messages to send") && EndStep(r);
    for (ULONG i = 1; i <= r->cOutbox; i++) {
        snprintf(text, sizeof text, "Sending message %lu of %lu", (unsigned long)i,
                 (unsigned long)r->cOutbox);
        if (!BeginStep(r, text))
            return 0;
        HRESULT hr;
        if ((r->k.set & SYNCK_FAIL_ITEM) && r->k.failItem == i) {
            HrText(r->k.failItemHr, hrText, sizeof hrText);
            snprintf(text, sizeof text,
                     "Outbox message %lu of %lu could not be sent: %s (knob sync.failItem); it "
                     "stays in the Outbox",
                     (unsigned long)i, (unsigned long)r->cOutbox, hrText);
            CbError(r, r->k.failItemHr, text);
        } else if (FAILED(hr = SendOne(r, r->outboxIds[i - 1]))) {
            HrText(hr, hrText, sizeof hrText);
            snprintf(text, sizeof text, "Outbox message %lu of %lu could not be moved: %s",
                     (unsigned long)i, (unsigned long)r->cOutbox, hrText);
            CbError(r, hr, text);
        }
        if (!EndStep(r))
            return 0;
    }
    return 1;
}

static int PhaseDownloadHierarchy(SyncRun *r)
{
    char text[200], hrText[80];
    WCHAR name[40], comment[80];
    HRESULT hr;

    if (!BeginStep(r, "Synchronizing the folder hierarchy"))
        return 0;
    DS_Lock(r->ds);
    EnsureServerFolders(r->rec, &hr);
    DS_Unlock(r->ds);
    if (hr != S_OK) {
        HrText(hr, hrText, sizeof hrText);
        snprintf(text, sizeof text, "Folder \"Server Folders\" could not be created: %s", hrText);
        CbError(r, hr, text);
    }
    if (!EndStep(r))
        return 0;

    snprintf(text, sizeof text, "Creating folder Run %lu", (unsigned long)r->seq);
    if (!BeginStep(r, text))
        return 0;
    snprintf(text, sizeof text, "Run %lu", (unsigned long)r->seq);
    Widen(name, ARRAY_COUNT(name), text);
    snprintf(text, sizeof text, "Created by sync run %lu", (unsigned long)r->seq);
    Widen(comment, ARRAY_COUNT(comment), text);
    DS_Lock(r->ds);
    FolderRec *parent = EnsureServerFolders(r->rec, &hr), *f = NULL;
    if (parent && !Data_FindChildByName(parent, name)) {
        hr = Data_CreateFolder(parent, name, comment, &f);
        if (hr == S_OK)
            Bag_SetW(&f->props, PR_CONTAINER_CLASS_W, u"IPF.Note");
    }
    DS_Unlock(r->ds);
    if (hr != S_OK) {
        HrText(hr, hrText, sizeof hrText);
        snprintf(text, sizeof text, "Folder \"Run %lu\" could not be created: %s",
                 (unsigned long)r->seq, hrText);
        CbError(r, hr, text);
    }
    if (!EndStep(r))
        return 0;

    if (r->seq <= 2)
        return BeginStep(r, "No expired server folders") && EndStep(r);
    snprintf(text, sizeof text, "Deleting folder Run %lu", (unsigned long)(r->seq - 2));
    if (!BeginStep(r, text))
        return 0;
    snprintf(text, sizeof text, "Run %lu", (unsigned long)(r->seq - 2));
    Widen(name, ARRAY_COUNT(name), text);
    DS_Lock(r->ds);
    parent = EnsureServerFolders(r->rec, &hr);
    FolderRec *old = parent ? Data_FindChildByName(parent, name) : NULL;
    if (old && !Data_IsSpecialFolder(old)) {
        Data_DeleteFolderTree(old);
        /* The server replaced the folders under Server Folders: its tables reload. */
        Ntf_TableReload(r->ds, parent);
    }
    DS_Unlock(r->ds);
    return EndStep(r);
}

static int PhaseDownloadContents(SyncRun *r)
{
    char text[240], hrText[80];
    ULONG n = r->k.items;
    if (Stopped(r, NULL))
        return 0;
    HRESULT hr = MarkOneRead(r); /* a change on the server; no step of its own */
    if (FAILED(hr)) {
        HrText(hr, hrText, sizeof hrText);
        snprintf(text, sizeof text, "A message could not be marked read: %s", hrText);
        CbError(r, hr, text);
    }
    if (!n)
        return BeginStep(r, "No new messages on the server") && EndStep(r);
    for (ULONG i = 1; i <= n; i++) {
        snprintf(text, sizeof text, "Downloading message %lu of %lu", (unsigned long)i,
                 (unsigned long)n);
        if (!BeginStep(r, text))
            return 0;
        if ((r->k.set & SYNCK_FAIL_ITEM) && r->k.failItem == i) {
            HrText(r->k.failItemHr, hrText, sizeof hrText);
            snprintf(text, sizeof text,
                     "Message %lu of %lu (\"Downloaded %lu.%lu\") could not be downloaded: %s "
                     "(knob sync.failItem)",
                     (unsigned long)i, (unsigned long)n, (unsigned long)r->seq, (unsigned long)i,
                     hrText);
            CbError(r, r->k.failItemHr, text);
        } else if ((hr = StoreDownloaded(r, i)) != S_OK) {
            HrText(hr, hrText, sizeof hrText);
            snprintf(text, sizeof text,
                     "Message %lu of %lu (\"Downloaded %lu.%lu\") could not be stored: %s",
                     (unsigned long)i, (unsigned long)n, (unsigned long)r->seq, (unsigned long)i,
                     hrText);
            CbError(r, hr, text);
        }
        if (!EndStep(r))
            return 0;
    }
    return 1;
}

static void RunServer(SyncRun *r)
{
    const ULONG phases = SYNC_UPLOAD_HIERARCHY | SYNC_UPLOAD_CONTENTS | SYNC_DOWNLOAD_HIERARCHY |
                         SYNC_DOWNLOAD_CONTENTS;
    /* Upload first, then download (what Send/Receive does); hierarchy before contents. */
    if ((r->flags & SYNC_UPLOAD_HIERARCHY) && !PhaseUploadHierarchy(r))
        return;
    if ((r->flags & SYNC_UPLOAD_CONTENTS) && !PhaseUploadContents(r))
        return;
    if ((r->flags & SYNC_DOWNLOAD_HIERARCHY) && !PhaseDownloadHierarchy(r))
        return;
    if ((r->flags & SYNC_DOWNLOAD_CONTENTS) && !PhaseDownloadContents(r))
        return;
    if (!(r->flags & phases) && BeginStep(r, "Nothing to synchronize"))
        EndStep(r);
}

/* ---- Threads --------------------------------------------------------------------------------- */

/* An extra reporting thread (sync.threads > 1): "Checking item i of N" for every item, at the same
 * time as the sync thread reports its own steps. It holds its own reference on the callback. */
static uint32_t ReporterMain(void *arg)
{
    SyncReporter *rep = arg;
    SyncRun *r = rep->run;
    int inited = MAPIInitialize(NULL) == S_OK;
    ULONG n = r->k.items ? r->k.items : 1;
    char text[120];
    for (ULONG i = 1; i <= n; i++) {
        if (Stopped(r, NULL))
            break;
        if (i > 1 && r->k.delayMs)
            Plat_Sleep(r->k.delayMs);
        snprintf(text, sizeof text, "Checking item %lu of %lu (reporting thread %lu)",
                 (unsigned long)i, (unsigned long)n, (unsigned long)rep->number);
        if (!AfterProgress(r, CbProgress(r, text, i, n)))
            break;
    }
    r->cb->lpVtbl->Release(r->cb);
    if (inited)
        MAPIUninitialize();
    return 0;
}

static void FreeRun(SyncRun *r)
{
    free(r->outboxIds);
    free(r);
    Stats_ObjectDelta(OBJ_SYNC, -1);
}

static uint32_t SyncMain(void *arg)
{
    SyncRun *r = arg;
    HRESULT hr = MAPIInitialize(NULL);
    int inited = hr == S_OK;
    SyncReporter reporters[SYNC_MAX_THREADS];
    ULONG cReporters = 0;

    if (inited) {
        for (ULONG t = 2; t <= r->k.threads && cReporters < ARRAY_COUNT(reporters); t++) {
            SyncReporter *rep = &reporters[cReporters];
            rep->run = r;
            rep->number = t;
            r->cb->lpVtbl->AddRef(r->cb); /* the reporter's own reference */
            rep->hThread = Plat_CreateThread(ReporterMain, rep);
            if (rep->hThread)
                cReporters++;
            else
                r->cb->lpVtbl->Release(r->cb);
        }
        RunServer(r);
    } else {
        char hrText[80], text[160];
        HrText(hr, hrText, sizeof hrText);
        snprintf(text, sizeof text, "MAPIInitialize failed on the sync thread: %s", hrText);
        CbError(r, hr, text);
    }
    /* Done comes only after every reporting thread has finished. */
    for (ULONG i = 0; i < cReporters; i++) {
        Plat_WaitForSingleObject(reporters[i].hThread, PLAT_INFINITE);
        Plat_CloseHandle(reporters[i].hThread);
    }
    /* The final status: the first failure that stopped the sync (any thread's), else S_OK. A
     * failed item (sync.failItem) does not make the sync fail. */
    if (inited && !Stopped(r, &hr))
        hr = S_OK;

    /* The handle the caller got; SynchronizeInBackground may still be storing it. */
    Plat_Lock(&r->gate);
    HANDLE hDone = r->hDone;
    Plat_Unlock(&r->gate);

    IMAPISyncProgressCallback *cb = r->cb;
    struct SyncShared *held;
    IMAPISyncProgressCallback *to = CbTake(r, &held); /* sync.sharedCallback: maybe not cb */
    int noDone = KnobOn(r, SYNCB_NO_DONE) ||
                 ((r->k.set & SYNCK_NO_DONE_FLAGS) && (r->flags & r->k.noDoneFlags));
    if (r->hEvent && KnobOn(r, SYNCB_SIGNAL_EARLY))
        Plat_SetEvent(r->hEvent); /* a bug on purpose: "finished" before Done */
    if (!noDone)
        to->lpVtbl->Done(to, hDone, hr);
    /* Misbehaviours on purpose: calls the callback's contract forbids after Done. */
    if (KnobOn(r, SYNCB_DONE_TWICE))
        to->lpVtbl->Done(to, hDone, hr);
    SharedRelease(held);
    if (r->hEvent && (r->k.set & SYNCK_LINGER))
        Plat_SetEvent(r->hEvent); /* sync.lingerMs: "finished", though the thread goes on */
    if (KnobOn(r, SYNCB_CALL_AFTER_DONE))
        CbProgress(r, "Progress after Done (knob sync.callAfterDone)", r->total, r->total);
    if (KnobOn(r, SYNCB_ERROR_AFTER_DONE))
        CbError(r, MAPI_E_CALL_FAILED, "Error after Done (knob sync.errorAfterDone)");
    if (r->k.set & SYNCK_LINGER)
        Plat_Sleep(r->k.lingerMs); /* everything below holds its own reference */
    if (!KnobOn(r, SYNCB_NEVER_RELEASE)) {
        cb->lpVtbl->Release(cb);
        if (KnobOn(r, SYNCB_RELEASE_TWICE))
            cb->lpVtbl->Release(cb); /* a bug on purpose */
    }
    r->cb = NULL;
    SharedWithdraw(r);
    if (KnobOn(r, SYNCB_STUCK_BUSY)) {
        Plat_Lock(&g_sharedLock);
        r->ds->syncStuckBusy = 1; /* sync.stuckBusy: never cleared */
        Plat_Unlock(&g_sharedLock);
    }

    Obj_Release(&r->sync->hdr); /* may free the store, session and data set: touch none after */
    r->sync = NULL;
    r->ds = NULL;
    r->rec = NULL;
    if (inited)
        MAPIUninitialize();

    if (r->hEvent) {
        /* sync.noSignal: the thread's work is over, but the done event is signalled only
         * lateSignalMs later (never without that knob). */
        if (r->k.set & SYNCK_LATE_SIGNAL) {
            Plat_Sleep(r->k.lateSignalMs);
            Plat_SetEvent(r->hEvent);
        }
        Plat_CloseHandle(r->hEvent);
    }
    FreeRun(r);
    return 0; /* the thread handle becomes signalled after this returns */
}

/* ---- IUnknown -------------------------------------------------------------------------------- */
static Sync *SY(IMAPISync *This) { return (Sync *)This; }

/* A tear-off: IMAPISync itself here; IID_IUnknown, IID_IMsgStore, IID_IMAPIProp (and any other IID)
 * are the store's to answer, so that QI(IID_IUnknown) gives the store's identity from either
 * interface (com.tearOffIdentity=1 breaks that on purpose: IID_IUnknown answers this object). */
static ObjHeader *Sync_Outer(ObjHeader *h) { return &((Sync *)h)->store->hdr; }
static const IID *const g_syncIids[] = {&IID_IMAPISync};
static const QiSpec g_syncQi = {g_syncIids, ARRAY_COUNT(g_syncIids), Sync_Outer, NULL};
static HRESULT STDMETHODCALLTYPE Sync_QueryInterface(IMAPISync *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&SY(This)->hdr, &g_syncQi, riid, ppv);
}

static ULONG STDMETHODCALLTYPE Sync_AddRef(IMAPISync *This)
{
    return Obj_ComAddRef(&SY(This)->hdr);
}
static ULONG STDMETHODCALLTYPE Sync_Release(IMAPISync *This)
{
    return Obj_ComRelease(&SY(This)->hdr);
}

static void Sync_Destroy(ObjHeader *h)
{
    Sync *s = (Sync *)h;
    Obj_Release(&s->store->hdr);
}

/* ---- SynchronizeInBackground ----------------------------------------------------------------- */

/* The MAPISIB's checks (k: the knobs in force). S_OK, or the failure, recorded. */
static HRESULT CheckSib(Sync *s, const SyncKnobs *k, PMAPISIB psib)
{
    static const char M[] = "SynchronizeInBackground";
    if (!psib)
        return Obj_Fail(&s->hdr, M, MAPI_E_INVALID_PARAMETER, "NULL MAPISIB");
    /* sync.ignoreSize: a bug on purpose, the whole struct is read whatever ulSize says */
    if (psib->ulSize != sizeof(MAPISIB) && !(k->boolVal & SYNCB_IGNORE_SIZE))
        return Obj_Fail(&s->hdr, M, MAPI_E_INVALID_PARAMETER,
                        "MAPISIB.ulSize is %lu, expected sizeof(MAPISIB) = %lu",
                        (unsigned long)psib->ulSize, (unsigned long)sizeof(MAPISIB));
    if (psib->phSyncDoneEvent)
        *psib->phSyncDoneEvent = NULL;
    if (psib->ulFlags & ~SYNC_VALID_FLAGS)
        return Obj_Fail(
            &s->hdr, M, MAPI_E_UNKNOWN_FLAGS,
            "MAPISIB.ulFlags 0x%08X has bits that are not MAPISIB SYNC_* flags (0x%08X)",
            (unsigned)psib->ulFlags, (unsigned)(psib->ulFlags & ~SYNC_VALID_FLAGS));
    if (!psib->punkCallBack || !psib->phSyncDoneEvent)
        return Obj_Fail(&s->hdr, M, MAPI_E_INVALID_PARAMETER,
                        psib->punkCallBack ? "NULL phSyncDoneEvent" : "NULL punkCallBack");
    if (k->boolVal & SYNCB_STUCK_BUSY) {
        Plat_Lock(&g_sharedLock);
        int stuck = s->hdr.ds->syncStuckBusy;
        Plat_Unlock(&g_sharedLock);
        if (stuck) {
            /* IMAPISync has no GetLastError: the text is on the store too, whose GetLastError
             * a caller can ask (IMsgStore::GetLastError(MAPI_E_BUSY)). */
            static const char T[] =
                "a previous run never cleared its busy flag (knob sync.stuckBusy)";
            Obj_Fail(&s->store->hdr, M, MAPI_E_BUSY, "%s", T);
            return Obj_Fail(&s->hdr, M, MAPI_E_BUSY, "%s", T);
        }
    }
    return S_OK;
}

/* The run's callback: QueryInterface(IID_IMAPISyncProgressCallback) on punkCallBack, or with
 * sync.rawCallback (a bug on purpose) punkCallBack itself, AddRef'd. */
static HRESULT TakeCallback(Sync *s, const SyncKnobs *k, LPUNKNOWN punk,
                            IMAPISyncProgressCallback **out)
{
    IMAPISyncProgressCallback *cb = NULL;
    HRESULT hr;
    *out = NULL;
    if (k->boolVal & SYNCB_RAW_CALLBACK) {
        punk->lpVtbl->AddRef(punk);
        *out = (IMAPISyncProgressCallback *)punk;
        return S_OK;
    }
    hr = punk->lpVtbl->QueryInterface(punk, &IID_IMAPISyncProgressCallback, (void **)&cb);
    if (FAILED(hr) || !cb) {
        if (SUCCEEDED(hr))
            hr = MAPI_E_INVALID_PARAMETER; /* S_OK with a NULL pointer */
        return Obj_Fail(
            &s->hdr, "SynchronizeInBackground", hr,
            "punkCallBack does not answer QueryInterface(IID_IMAPISyncProgressCallback)");
    }
    *out = cb;
    return S_OK;
}

/* The done event and the sync thread (or, with sync.inline, the whole run on this thread). On
 * success the run belongs to its thread (which may already have freed it) and *pCaller is the
 * caller's handle (NULL with sync.noEvent). On failure nothing was started. */
static HRESULT StartRun(SyncRun *r, HANDLE *pCaller)
{
    HRESULT hr = S_OK;
    HANDLE callerHandle = NULL;
    int inlineRun = KnobOn(r, SYNCB_INLINE);
    int noEvent = KnobOn(r, SYNCB_NO_EVENT);
    /* A done event that is not the thread handle: sync.noSignal (signalled late or never),
     * sync.signalEarly (before Done), sync.lingerMs (right after Done), sync.inline (signalled
     * already: there is no thread). The caller gets one handle, the provider keeps its own. */
    int separate = KnobOn(r, SYNCB_NO_SIGNAL) || KnobOn(r, SYNCB_SIGNAL_EARLY) ||
                   (r->k.set & SYNCK_LINGER) || inlineRun;
    *pCaller = NULL;
    if (separate && !noEvent) {
        r->hEvent = Plat_CreateEvent(1, inlineRun);
        callerHandle = r->hEvent ? Plat_DuplicateHandle(r->hEvent) : NULL;
        if (!callerHandle) {
            if (r->hEvent)
                Plat_CloseHandle(r->hEvent);
            r->hEvent = NULL;
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    if (inlineRun) {
        /* sync.inline: a bug on purpose, Progress... Done on the caller's thread, then return. */
        r->hDone = callerHandle;
        SyncMain(r);
        *pCaller = callerHandle;
        return S_OK;
    }
    Plat_Lock(&r->gate);
    void *hThread = Plat_CreateThread(SyncMain, r);
    if (hThread && !r->hEvent && !noEvent) {
        /* The done event is the thread handle: signalled when the thread has ended. The
         * caller gets its own handle; the provider closes its own at once. */
        callerHandle = Plat_DuplicateHandle(hThread);
        if (callerHandle)
            Plat_CloseHandle(hThread);
        else
            callerHandle = hThread;
    } else if (hThread) {
        Plat_CloseHandle(hThread); /* a separate event, or none (sync.noEvent) */
    }
    r->hDone = callerHandle; /* sync.noEvent: Done gets NULL too */
    Plat_Unlock(&r->gate);
    if (!hThread) {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        if (callerHandle)
            Plat_CloseHandle(callerHandle);
        if (r->hEvent)
            Plat_CloseHandle(r->hEvent);
        r->hEvent = NULL;
        return hr;
    }
    *pCaller = callerHandle;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Sync_SynchronizeInBackground(IMAPISync *This, PMAPISIB psib)
{
    static const char M[] = "SynchronizeInBackground";
    Sync *s = SY(This);
    HRESULT hr = Obj_Enter(&s->hdr, M, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    SyncKnobs k;
    EffectiveKnobs(s->hdr.ds, &k); /* fixed for the run */
    if ((hr = CheckSib(s, &k, psib)) != S_OK)
        return hr;
    IMAPISyncProgressCallback *cb = NULL;
    if ((hr = TakeCallback(s, &k, psib->punkCallBack, &cb)) != S_OK)
        return hr;

    SyncRun *r = calloc(1, sizeof *r);
    if (!r) {
        cb->lpVtbl->Release(cb);
        return Obj_Fail(&s->hdr, M, MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    }
    Stats_ObjectDelta(OBJ_SYNC, +1); /* a run counts in cSyncs until its thread ends */
    r->sync = s;
    Obj_AddRef(&s->hdr);
    r->ds = s->hdr.ds;
    r->rec = s->store->rec;
    r->cb = cb;
    r->flags = psib->ulFlags;
    r->gate = (PlatLock)PLAT_LOCK_INIT;
    r->stopLock = (PlatLock)PLAT_LOCK_INIT;
    r->k = k;

    /* The sequence number and the Outbox snapshot (which fixes the number of upload steps). */
    DS_Lock(r->ds);
    r->seq = ++r->rec->syncRuns;
    FolderRec *outbox = r->rec->outbox;
    if ((r->flags & SYNC_UPLOAD_CONTENTS) && outbox && outbox->cMsgs) {
        r->outboxIds = malloc(outbox->cMsgs * sizeof *r->outboxIds);
        if (r->outboxIds) {
            r->cOutbox = outbox->cMsgs;
            for (ULONG i = 0; i < outbox->cMsgs; i++)
                r->outboxIds[i] = outbox->msgs[i]->id;
        } else {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    DS_Unlock(r->ds);
    r->total = StepsOf(r->flags, r->cOutbox, r->k.items);
    if (hr == S_OK && KnobOn(r, SYNCB_SHARED_CALLBACK))
        hr = SharedPublish(r);

    /* sync.progressBeforeReturn: report on the caller's thread, before the sync thread exists. */
    if (hr == S_OK && KnobOn(r, SYNCB_PROGRESS_BEFORE_RETURN)) {
        HRESULT hrp = CbProgress(r, "Starting synchronization", 0, r->total);
        if (FAILED(hrp) && KnobOn(r, SYNCB_HONOUR_CANCEL))
            Stop(r, hrp); /* the sync thread ends at once and reports it in Done */
    }

    HANDLE callerHandle = NULL;
    if (hr == S_OK)
        hr = StartRun(r, &callerHandle);
    if (hr != S_OK) {
        /* Nothing started: undo everything (the callback's reference included). */
        SharedWithdraw(r);
        cb->lpVtbl->Release(cb);
        Obj_Release(&s->hdr);
        FreeRun(r);
        return Obj_Fail(&s->hdr, M, hr, "cannot start the sync thread");
    }
    /* From here on the run belongs to its thread (which may already have freed it). */
    *psib->phSyncDoneEvent = callerHandle;
    if (k.set & SYNCK_BLOCK)
        Plat_Sleep(k.blockMs); /* sync.blockMs: a bug on purpose, the caller waits */
    return S_OK;
}

static const IMAPISyncVtbl g_syncVtbl = {
    Sync_QueryInterface,
    Sync_AddRef,
    Sync_Release,
    Sync_SynchronizeInBackground,
};

HRESULT Sync_Create(Store *store, void **ppv)
{
    /* The default store synchronizes through IMAPISync; the archive only with archiveSync=1. */
    if (!store->rec->isDefault) {
        SyncKnobs k;
        EffectiveKnobs(store->hdr.ds, &k);
        if (!(k.boolVal & SYNCB_ARCHIVE))
            return E_NOINTERFACE;
    }
    Sync *s = calloc(1, sizeof *s);
    if (!s)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_Init(&s->hdr, &g_syncVtbl, OBJ_SYNC, "IMAPISync", store->hdr.ds, Sync_Destroy);
    Obj_AddRef(&store->hdr);
    s->store = store;
    *ppv = s;
    return S_OK;
}
