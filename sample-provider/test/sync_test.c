/*
 * sync_test.c - native test of IMAPISync::SynchronizeInBackground, playing Outlook's part: a C
 * IMAPISyncProgressCallback, a sync started on the default store, a wait on the done event, checks
 * on what the callback saw and what changed in the store, the handle closed, and at the end
 * SampleProvider_GetStats must report no live object, buffer, thread or handle.
 *
 * Unlike the Koffi bridge, a C caller may block on the done event: its callback runs directly on
 * the provider's threads (so it must be thread-safe: counters are atomic, the rest is guarded by
 * a spinlock).
 *
 * Build and run:  node scripts/build-provider.js --smoke     (with smoke.c and platform_test.c)
 * Also run under valgrind (--valgrind), helgrind, and with -fsanitize=thread (README "Testing").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kmapi_sample.h"
#include "../src/sync.h"

#if defined(_WIN32)
/* kernel32's Sleep, declared by hand: <windows.h> clashes with mapi.h */
__declspec(dllimport) void __stdcall Sleep(uint32_t ms);
static void SleepMs(unsigned ms) { Sleep(ms); }
#else
#include <pthread.h>
#include <time.h>
static void SleepMs(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
#endif

#include "check.h"

static const IID IID_IMAPISync_ = {
    0x5024A385, 0x2D44, 0x486A, {0x81, 0xA8, 0x8F, 0x0E, 0xCB, 0x60, 0x71, 0xDD}};
static const IID IID_IMAPISyncProgressCallback_ = {
    0x5024A386, 0x2D44, 0x486A, {0x81, 0xA8, 0x8F, 0x0E, 0xCB, 0x60, 0x71, 0xDD}};
static const IID IID_IUnknown_ = {0, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IMAPIFolder_ = {0x0002030C, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

#define LOAD(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define INC(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define DEC(p) __atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)

static _Thread_local int t_isMain; /* set on the test's own thread */

/* ================================================================================================
 * The callback: what Outlook implements
 * ============================================================================================= */
typedef struct TestCb {
    const IMAPISyncProgressCallbackVtbl *lpVtbl;
    int32_t refs;
    int answerQI; /* 0: QueryInterface fails (a punkCallBack that is not a progress callback) */
    /* behaviour */
    ULONG cancelAtIndex; /* Progress with ulIndex >= this returns cancelHr (0 = never) */
    HRESULT cancelHr;
    unsigned sleepMs; /* inside Progress, to make concurrent calls overlap */
    /* what was seen (atomics) */
    int32_t progress, errors, done, callerProgress, providerCalls, nullTexts, afterDone;
    int32_t inFlight, maxInFlight, badOrder;
    /* guarded by `lock` */
#if defined(_WIN32)
    char lock; /* a spinlock: <windows.h> (SRWLOCK) clashes with mapi.h */
#else
    pthread_mutex_t lock; /* a real mutex, so helgrind and TSan see the ordering */
#endif
    ULONG lastIndex, lastMax; /* main sync thread's positions ("Checking" excluded) */
    char lastText[120];
    char firstErrorText[300];
    HRESULT firstErrorHr;
    HRESULT doneHr;
    HANDLE doneHandle;
    int32_t qiCalls;         /* QueryInterface calls */
    WCHAR firstErrorW0;      /* the first Error text's first UTF-16 unit */
    int32_t signalledAtDone; /* Done's handle was already signalled when Done came */
} TestCb;

#if defined(_WIN32)
static void Lock(TestCb *c)
{
    while (__atomic_test_and_set(&c->lock, __ATOMIC_ACQUIRE))
        ;
}
static void Unlock(TestCb *c) { __atomic_clear(&c->lock, __ATOMIC_RELEASE); }
#else
static void Lock(TestCb *c) { pthread_mutex_lock(&c->lock); }
static void Unlock(TestCb *c) { pthread_mutex_unlock(&c->lock); }
#endif

static void Narrow(char *dst, size_t cap, const WCHAR *w)
{
    size_t i = 0;
    for (; w && w[i] && i + 1 < cap; i++)
        dst[i] = w[i] < 128 ? (char)w[i] : '?';
    dst[i] = 0;
}

static void NoteCall(TestCb *c)
{
    if (t_isMain)
        INC(&c->callerProgress);
    else
        INC(&c->providerCalls);
}

static HRESULT STDMETHODCALLTYPE Cb_QueryInterface(IMAPISyncProgressCallback *This, REFIID riid,
                                                   void **ppv)
{
    TestCb *c = (TestCb *)This;
    INC(&c->qiCalls);
    *ppv = NULL;
    if (c->answerQI && (memcmp(riid, &IID_IMAPISyncProgressCallback_, sizeof(IID)) == 0 ||
                        memcmp(riid, &IID_IUnknown_, sizeof(IID)) == 0)) {
        INC(&c->refs);
        *ppv = c;
        return S_OK;
    }
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE Cb_AddRef(IMAPISyncProgressCallback *This)
{
    return (ULONG)INC(&((TestCb *)This)->refs);
}
static ULONG STDMETHODCALLTYPE Cb_Release(IMAPISyncProgressCallback *This)
{
    return (ULONG)DEC(&((TestCb *)This)->refs); /* the object lives on the test's stack */
}

static HRESULT STDMETHODCALLTYPE Cb_Progress(IMAPISyncProgressCallback *This, const WCHAR *text,
                                             ULONG index, ULONG max)
{
    TestCb *c = (TestCb *)This;
    int32_t n = INC(&c->inFlight);
    int32_t m = LOAD(&c->maxInFlight);
    while (n > m && !__atomic_compare_exchange_n(&c->maxInFlight, &m, n, 0, __ATOMIC_SEQ_CST,
                                                 __ATOMIC_SEQ_CST))
        ;
    NoteCall(c);
    INC(&c->progress);
    if (LOAD(&c->done))
        INC(&c->afterDone);
    char t[120];
    Narrow(t, sizeof t, text);
    if (!text)
        INC(&c->nullTexts);
    Lock(c);
    if (strncmp(t, "Checking", 8) != 0 && !t_isMain) {
        if (index < c->lastIndex || index > max || (c->lastMax && max != c->lastMax))
            INC(&c->badOrder);
        c->lastIndex = index;
        c->lastMax = max;
        snprintf(c->lastText, sizeof c->lastText, "%s", t);
    }
    Unlock(c);
    if (c->sleepMs)
        SleepMs(c->sleepMs);
    DEC(&c->inFlight);
    return c->cancelAtIndex && index >= c->cancelAtIndex && !t_isMain ? c->cancelHr : S_OK;
}

static HRESULT STDMETHODCALLTYPE Cb_Error(IMAPISyncProgressCallback *This, HRESULT hr,
                                          const WCHAR *text)
{
    TestCb *c = (TestCb *)This;
    NoteCall(c);
    if (!text)
        INC(&c->nullTexts);
    Lock(c);
    if (LOAD(&c->errors) == 0) {
        c->firstErrorHr = hr;
        c->firstErrorW0 = text ? text[0] : 0;
        Narrow(c->firstErrorText, sizeof c->firstErrorText, text);
    }
    Unlock(c);
    INC(&c->errors);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Cb_Done(IMAPISyncProgressCallback *This, HANDLE h, HRESULT hr)
{
    TestCb *c = (TestCb *)This;
    NoteCall(c);
    if (h && SampleWaitForSingleObject(h, 0) == 0)
        INC(&c->signalledAtDone);
    Lock(c);
    c->doneHr = hr;
    c->doneHandle = h;
    Unlock(c);
    INC(&c->done);
    return S_OK;
}

static const IMAPISyncProgressCallbackVtbl g_cbVtbl = {
    Cb_QueryInterface, Cb_AddRef, Cb_Release, Cb_Progress, Cb_Error, Cb_Done,
};

static void CbInit(TestCb *c)
{
    memset(c, 0, sizeof *c);
#if !defined(_WIN32)
    pthread_mutex_init(&c->lock, NULL);
#endif
    c->lpVtbl = &g_cbVtbl;
    c->refs = 1;
    c->answerQI = 1;
}

/* ================================================================================================
 * Helpers
 * ============================================================================================= */
static LPMDB g_store, g_archive;
static LPMAPISESSION g_sess;

/* Starts a sync of `store` with the knobs `knobs`; returns SynchronizeInBackground's HRESULT. */
static HRESULT Start(LPMDB store, const char *knobs, ULONG flags, TestCb *cb, HANDLE *phEvent)
{
    CHECK_HR(SampleProvider_SetKnobs(knobs), S_OK);
    IMAPISync *sync = NULL;
    HRESULT hr = store->lpVtbl->QueryInterface(store, &IID_IMAPISync_, (void **)&sync);
    CHECK(hr == S_OK && sync, "QI IMAPISync: 0x%08X", (unsigned)hr);
    if (!sync)
        return hr;
    MAPISIB sib = {sizeof(MAPISIB), flags, g_sess, (LPUNKNOWN)cb, phEvent};
    *phEvent = (HANDLE)1;
    hr = sync->lpVtbl->SynchronizeInBackground(sync, &sib);
    sync->lpVtbl->Release(sync); /* the run keeps what it needs */
    return hr;
}

/* Waits for the done event, checks the basics every run shares, closes the handle. */
static void Finish(TestCb *cb, HANDLE h, int expectDone)
{
    CHECK(h != NULL, "done event");
    CHECK(SampleGetThreadId(h) != 0, "the done event is the sync thread's handle");
    CHECK(SampleWaitForSingleObject(h, 20000) == 0, "done event signalled");
    CHECK(LOAD(&cb->done) == (expectDone ? 1 : 0), "Done called %d times", (int)LOAD(&cb->done));
    if (expectDone)
        CHECK(cb->doneHandle == h, "Done gets *phSyncDoneEvent back");
    CHECK(LOAD(&cb->refs) == 1, "the provider released the callback (refs %d)",
          (int)LOAD(&cb->refs));
    CHECK(LOAD(&cb->afterDone) == 0, "no Progress after Done");
    CHECK(SampleCloseHandle(h), "close the done event");
    CHECK(!SampleCloseHandle(h), "closed once");
}

static HRESULT OpenFolder(LPMDB store, ULONG eidTag, LPMAPIFOLDER *out)
{
    TAGS(tags, eidTag);
    ULONG c = 0;
    LPSPropValue p = NULL;
    *out = NULL;
    HRESULT hr = store->lpVtbl->GetProps(store, (LPSPropTagArray)&tags, 0, &c, &p);
    if (hr == S_OK && p[0].ulPropTag == eidTag) {
        ULONG type = 0;
        hr = store->lpVtbl->OpenEntry(store, p[0].Value.bin.cb, (LPENTRYID)p[0].Value.bin.lpb,
                                      &IID_IMAPIFolder_, MAPI_BEST_ACCESS, &type, (LPUNKNOWN *)out);
    } else if (hr == S_OK) {
        hr = MAPI_E_NOT_FOUND;
    }
    MAPIFreeBuffer(p);
    return hr;
}

static HRESULT OpenInbox(LPMDB store, LPMAPIFOLDER *out)
{
    ULONG cb = 0, type = 0;
    LPENTRYID eid = NULL;
    *out = NULL;
    HRESULT hr = store->lpVtbl->GetReceiveFolder(store, NULL, 0, &cb, &eid, NULL);
    if (hr == S_OK)
        hr = store->lpVtbl->OpenEntry(store, cb, eid, &IID_IMAPIFolder_, MAPI_BEST_ACCESS, &type,
                                      (LPUNKNOWN *)out);
    MAPIFreeBuffer(eid);
    return hr;
}

static LONG LongProp(LPMAPIFOLDER f, ULONG tag)
{
    TAGS(tags, tag);
    ULONG c = 0;
    LPSPropValue p = NULL;
    LONG v = -1;
    if (f->lpVtbl->GetProps(f, (LPSPropTagArray)&tags, 0, &c, &p) == S_OK && p[0].ulPropTag == tag)
        v = p[0].Value.l;
    MAPIFreeBuffer(p);
    return v;
}

static LONG InboxCount(void)
{
    LPMAPIFOLDER inbox = NULL;
    CHECK_HR(OpenInbox(g_store, &inbox), S_OK);
    LONG n = inbox ? LongProp(inbox, PR_CONTENT_COUNT) : -1;
    if (inbox)
        inbox->lpVtbl->Release(inbox);
    return n;
}

/* Names of the subfolders of "Server Folders" of `store`, joined with ',' ("" when absent). */
static void ServerFolders(LPMDB store, char *out, size_t cap)
{
    LPMAPIFOLDER ipm = NULL, sf = NULL;
    LPMAPITABLE t = NULL;
    LPSRowSet rows = NULL;
    out[0] = 0;
    CHECK_HR(OpenFolder(store, PR_IPM_SUBTREE_ENTRYID, &ipm), S_OK);
    if (!ipm)
        return;
    /* OPEN_IF_EXISTS opens it when the sync created it; otherwise it creates an empty one. */
    CHECK_HR(ipm->lpVtbl->CreateFolder(ipm, FOLDER_GENERIC, (LPTSTR)u"Server Folders", NULL, NULL,
                                       OPEN_IF_EXISTS | MAPI_UNICODE, &sf),
             S_OK);
    TAGS(cols, PR_DISPLAY_NAME_W);
    if (sf && sf->lpVtbl->GetHierarchyTable(sf, MAPI_UNICODE, &t) == S_OK &&
        HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows) == S_OK) {
        for (ULONG i = 0; i < rows->cRows; i++) {
            char name[60];
            Narrow(name, sizeof name, rows->aRow[i].lpProps[0].Value.lpszW);
            size_t n = strlen(out);
            snprintf(out + n, cap - n, "%s%s", n ? "," : "", name);
        }
        FreeProws(rows);
    }
    if (t)
        t->lpVtbl->Release(t);
    if (sf)
        sf->lpVtbl->Release(sf);
    ipm->lpVtbl->Release(ipm);
}

/* ================================================================================================
 * Tests
 * ============================================================================================= */
static void TestHappyPath(void)
{
    TestCb cb;
    CbInit(&cb);
    HANDLE h = NULL;
    LONG before = InboxCount();
    CHECK_HR(
        Start(g_store, "sync.items=5", SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS, &cb, &h),
        S_OK);
    Finish(&cb, h, 1);
    CHECK_HR(cb.doneHr, S_OK);
    CHECK(cb.progress == 3 + 5, "progress %d", (int)cb.progress);
    CHECK(cb.callerProgress == 0, "no call on the caller's thread");
    CHECK(cb.badOrder == 0, "positions go forward on one scale");
    CHECK(cb.lastIndex == cb.lastMax && cb.lastMax == 8, "final %lu of %lu",
          (unsigned long)cb.lastIndex, (unsigned long)cb.lastMax);
    CHECK(strcmp(cb.lastText, "Downloading message 5 of 5") == 0, "text '%s'", cb.lastText);
    CHECK(cb.errors == 0 && cb.nullTexts == 0, "errors %d", (int)cb.errors);
    CHECK(InboxCount() == before + 5, "5 messages downloaded: %ld -> %ld", (long)before,
          (long)InboxCount());

    /* Two more hierarchy syncs: Run 1..3 created, Run 1 deleted by run 3. */
    for (int i = 0; i < 2; i++) {
        CbInit(&cb);
        CHECK_HR(Start(g_store, "", SYNC_DOWNLOAD_HIERARCHY, &cb, &h), S_OK);
        Finish(&cb, h, 1);
        CHECK(cb.progress == 3, "progress %d", (int)cb.progress);
    }
    char names[200];
    ServerFolders(g_store, names, sizeof names);
    CHECK(strcmp(names, "Run 2,Run 3") == 0, "server folders '%s'", names);
}

static void TestUpload(void)
{
    LPMAPIFOLDER outbox = NULL, sent = NULL;
    CHECK_HR(OpenFolder(g_store, PR_IPM_OUTBOX_ENTRYID, &outbox), S_OK);
    CHECK_HR(OpenFolder(g_store, PR_IPM_SENTMAIL_ENTRYID, &sent), S_OK);
    if (!outbox || !sent)
        return;
    LONG sentBefore = LongProp(sent, PR_CONTENT_COUNT);
    for (int i = 0; i < 3; i++) {
        LPMESSAGE m = NULL;
        CHECK_HR(outbox->lpVtbl->CreateMessage(outbox, NULL, 0, &m), S_OK);
        SPropValue v;
        memset(&v, 0, sizeof v);
        v.ulPropTag = PR_SUBJECT_W;
        v.Value.lpszW = (LPWSTR)u"to send";
        CHECK_HR(m->lpVtbl->SetProps(m, 1, &v, NULL), S_OK);
        CHECK_HR(m->lpVtbl->SaveChanges(m, 0), S_OK);
        m->lpVtbl->Release(m);
    }
    CHECK(LongProp(outbox, PR_CONTENT_COUNT) == 3, "3 in the Outbox");

    TestCb cb;
    CbInit(&cb);
    HANDLE h = NULL;
    /* Message 2 fails to send and stays in the Outbox. */
    CHECK_HR(Start(g_store, "sync.failItem=2:0x80040115", SYNC_UPLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CHECK_HR(cb.doneHr, S_OK);
    CHECK(cb.progress == 3 && cb.errors == 1, "progress %d errors %d", (int)cb.progress,
          (int)cb.errors);
    CHECK(LongProp(outbox, PR_CONTENT_COUNT) == 1, "one left in the Outbox");
    CHECK(LongProp(sent, PR_CONTENT_COUNT) == sentBefore + 2, "two in Sent Items");

    CbInit(&cb);
    CHECK_HR(Start(g_store, "", SYNC_UPLOAD_CONTENTS | SYNC_UPLOAD_HIERARCHY, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.progress == 2 + 1, "progress %d", (int)cb.progress);
    CHECK(LongProp(outbox, PR_CONTENT_COUNT) == 0, "Outbox empty");
    CHECK(LongProp(sent, PR_CONTENT_COUNT) == sentBefore + 3, "three in Sent Items");

    CbInit(&cb);
    CHECK_HR(Start(g_store, "", SYNC_UPLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.progress == 1 && strcmp(cb.lastText, "No messages to send") == 0, "'%s'", cb.lastText);
    outbox->lpVtbl->Release(outbox);
    sent->lpVtbl->Release(sent);
}

static void TestKnobs(void)
{
    TestCb cb;
    HANDLE h = NULL;
    LONG before;

    /* sync.failItem */
    CbInit(&cb);
    before = InboxCount();
    CHECK_HR(
        Start(g_store, "sync.items=4;sync.failItem=2:0x80040115", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
        S_OK);
    Finish(&cb, h, 1);
    CHECK_HR(cb.doneHr, S_OK);
    CHECK(cb.errors == 1 && cb.firstErrorHr == MAPI_E_NETWORK_ERROR, "one network error");
    CHECK(strstr(cb.firstErrorText, "Message 2 of 4") != NULL, "names the item: '%s'",
          cb.firstErrorText);
    CHECK(InboxCount() == before + 3, "3 stored");

    /* sync.fail */
    CbInit(&cb);
    before = InboxCount();
    CHECK_HR(Start(g_store, "sync.items=3;sync.fail=0x80040115", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK_HR(cb.doneHr, MAPI_E_NETWORK_ERROR);
    CHECK(cb.progress == 1 && InboxCount() == before + 1, "stops after the first item");

    /* sync.honourCancel: Progress returning a failure stops the run */
    CbInit(&cb);
    cb.cancelAtIndex = 3;
    cb.cancelHr = MAPI_E_USER_CANCEL;
    before = InboxCount();
    CHECK_HR(Start(g_store, "sync.items=20;sync.honourCancel=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK_HR(cb.doneHr, MAPI_E_USER_CANCEL);
    CHECK(cb.progress == 3 && InboxCount() == before + 2, "cancelled at 3: %d progress",
          (int)cb.progress);

    /* ... ignored without the knob */
    CbInit(&cb);
    cb.cancelAtIndex = 1;
    cb.cancelHr = MAPI_E_USER_CANCEL;
    CHECK_HR(Start(g_store, "sync.items=4", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.doneHr == S_OK && cb.progress == 4, "Progress's result ignored");

    /* sync.progressBeforeReturn: one call on this thread, before SynchronizeInBackground returns */
    CbInit(&cb);
    CHECK_HR(
        Start(g_store, "sync.items=2;sync.progressBeforeReturn=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
        S_OK);
    CHECK(cb.callerProgress == 1, "Progress on the caller's thread before returning");
    Finish(&cb, h, 1);
    CHECK(cb.progress == 3 && cb.providerCalls == 3, "2 progress + Done from the provider");

    /* sync.twoThreads / sync.threads: concurrent reports, Done after all of them */
    CbInit(&cb);
    cb.sleepMs = 2;
    CHECK_HR(Start(g_store, "sync.items=10;sync.twoThreads=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.progress == 20, "progress %d", (int)cb.progress);
    CHECK(cb.maxInFlight >= 2, "two threads called at the same time (max %d)", (int)cb.maxInFlight);
    CbInit(&cb);
    cb.sleepMs = 1;
    CHECK_HR(Start(g_store, "sync.items=6;sync.threads=4", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.progress == 24, "progress %d", (int)cb.progress);

    /* sync.noDone: no Done, but the callback is released and the event signalled */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.items=2;sync.noDone=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 0);

    /* sync.noSignal + lateSignalMs: a separate event, signalled 500 ms after Done */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.items=2;sync.noSignal=1;sync.lateSignalMs=500",
                   SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    CHECK(SampleGetThreadId(h) == 0, "an event, not a thread handle");
    for (int i = 0; i < 2000 && !LOAD(&cb.done); i++)
        SleepMs(1);
    CHECK(LOAD(&cb.done) == 1, "Done called");
    CHECK(SampleWaitForSingleObject(h, 0) == 0x102, "not signalled yet");
    CHECK(SampleWaitForSingleObject(h, 20000) == 0, "signalled late");
    CHECK(cb.doneHandle == h && cb.refs == 1, "Done got the event; callback released");
    CHECK(SampleCloseHandle(h), "close");

    /* sync.nullStrings */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.items=2;sync.failItem=1:0x80004005;sync.nullStrings=1",
                   SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.nullTexts == 3, "NULL strings: %d", (int)cb.nullTexts);

    /* Misbehaving on purpose: releaseTwice, neverRelease, callAfterDone */
    CbInit(&cb);
    cb.refs = 5; /* room for the extra Release */
    CHECK_HR(Start(g_store, "sync.items=1;sync.releaseTwice=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    CHECK(SampleWaitForSingleObject(h, 20000) == 0 && SampleCloseHandle(h), "event");
    CHECK(cb.refs == 4, "one Release too many: %d", (int)cb.refs);
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.items=1;sync.neverRelease=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    CHECK(SampleWaitForSingleObject(h, 20000) == 0 && SampleCloseHandle(h), "event");
    CHECK(cb.refs == 2, "reference kept: %d", (int)cb.refs);
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.items=1;sync.callAfterDone=1", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    CHECK(SampleWaitForSingleObject(h, 20000) == 0 && SampleCloseHandle(h), "event");
    CHECK(cb.afterDone == 1 && cb.refs == 1, "Progress after Done: %d", (int)cb.afterDone);
}

static void TestErrors(void)
{
    TestCb cb;
    CbInit(&cb);
    IMAPISync *sync = NULL;
    CHECK_HR(g_store->lpVtbl->QueryInterface(g_store, &IID_IMAPISync_, (void **)&sync), S_OK);
    if (!sync)
        return;
    /* IMAPISync is a tear-off of the store: one COM identity, the store's. */
    void *unkSync = NULL, *unkStore = NULL;
    CHECK_HR(sync->lpVtbl->QueryInterface(sync, &IID_IUnknown_, &unkSync), S_OK);
    CHECK_HR(g_store->lpVtbl->QueryInterface(g_store, &IID_IUnknown_, &unkStore), S_OK);
    CHECK(unkSync == unkStore && unkSync == (void *)g_store, "IUnknown: the store's identity");
    if (unkSync)
        ((LPUNKNOWN)unkSync)->lpVtbl->Release((LPUNKNOWN)unkSync);
    if (unkStore)
        ((LPUNKNOWN)unkStore)->lpVtbl->Release((LPUNKNOWN)unkStore);

    HANDLE h = (HANDLE)1;
    MAPISIB sib = {sizeof(MAPISIB), SYNC_DOWNLOAD_CONTENTS, NULL, (LPUNKNOWN)&cb, &h};
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, NULL), MAPI_E_INVALID_PARAMETER);
    sib.ulSize = 3;
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), MAPI_E_INVALID_PARAMETER);
    sib.ulSize = sizeof(MAPISIB);
    sib.ulFlags = 0x4; /* not a MAPISIB flag */
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), MAPI_E_UNKNOWN_FLAGS);
    CHECK(h == NULL, "*phSyncDoneEvent cleared on failure");
    sib.ulFlags = SYNC_DOWNLOAD_CONTENTS;
    sib.punkCallBack = NULL;
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), MAPI_E_INVALID_PARAMETER);
    sib.punkCallBack = (LPUNKNOWN)&cb;
    sib.phSyncDoneEvent = NULL;
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), MAPI_E_INVALID_PARAMETER);
    sib.phSyncDoneEvent = &h;
    cb.answerQI = 0;
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), E_NOINTERFACE);
    cb.answerQI = 1;
    CHECK_HR(SampleProvider_SetKnobs("fail=IMAPISync::SynchronizeInBackground:0x8004010E:1"), S_OK);
    CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), (HRESULT)0x8004010Eu);
    CHECK_HR(SampleProvider_SetKnobs("sync.bogus=1"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("sync.items=x"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("sync.failItem=2"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("sync.threads=0"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
    CHECK(cb.refs == 1 && cb.progress == 0, "nothing kept, nothing called");

    /* Every flag combination the ABI allows is accepted, 0 included. */
    static const ULONG combos[] = {0, SYNC_OUTGOING_MAIL | SYNC_ON_DEMAND, SYNC_VALID_FLAGS};
    for (size_t i = 0; i < sizeof combos / sizeof combos[0]; i++) {
        CbInit(&cb);
        sib.ulFlags = combos[i];
        CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), S_OK);
        Finish(&cb, h, 1);
        CHECK(cb.doneHr == S_OK && cb.badOrder == 0 && cb.lastIndex == cb.lastMax, "flags 0x%08X",
              (unsigned)combos[i]);
    }
    sync->lpVtbl->Release(sync);

    /* The archive answers IMAPISync only with archiveSync=1. */
    CHECK_HR(g_archive->lpVtbl->QueryInterface(g_archive, &IID_IMAPISync_, (void **)&sync),
             E_NOINTERFACE);
}

/* Several syncs at once on both stores, each waited for from this thread. */
static void TestConcurrent(void)
{
    enum { N = 12 };
    TestCb cbs[N];
    HANDLE hs[N];
    LONG before = InboxCount();
    CHECK_HR(SampleProvider_SetKnobs("archiveSync=1;sync.items=3"), S_OK);
    for (int i = 0; i < N; i++) {
        CbInit(&cbs[i]);
        LPMDB store = i % 2 ? g_archive : g_store;
        IMAPISync *sync = NULL;
        CHECK_HR(store->lpVtbl->QueryInterface(store, &IID_IMAPISync_, (void **)&sync), S_OK);
        if (!sync)
            return;
        MAPISIB sib = {sizeof(MAPISIB), SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS, g_sess,
                       (LPUNKNOWN)&cbs[i], &hs[i]};
        CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), S_OK);
        sync->lpVtbl->Release(sync);
    }
    for (int i = 0; i < N; i++) {
        Finish(&cbs[i], hs[i], 1);
        CHECK(cbs[i].doneHr == S_OK && cbs[i].progress == 6 && cbs[i].errors == 0,
              "run %d: hr 0x%08X progress %d errors %d", i, (unsigned)cbs[i].doneHr,
              (int)cbs[i].progress, (int)cbs[i].errors);
    }
    CHECK(InboxCount() == before + 3 * (N / 2), "every download stored");
    char names[400];
    ServerFolders(g_archive, names, sizeof names);
    CHECK(strstr(names, "Run 6") != NULL, "archive server folders '%s'", names);
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
}

/* The IMAPISync object may be released, and the session logged off, while a run is going. */
static void TestReleaseEarly(void)
{
    TestCb cb;
    CbInit(&cb);
    HANDLE h = NULL;
    LPMAPISESSION sess = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;sync.items=50;sync.delay=2", NULL,
                         MAPI_EXTENDED | MAPI_NEW_SESSION, &sess),
             S_OK);
    if (!sess)
        return;
    LPMDB store = NULL;
    LPMAPITABLE t = NULL;
    LPSRowSet rows = NULL;
    TAGS(cols, PR_ENTRYID, PR_DEFAULT_STORE);
    CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, &t), S_OK);
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    for (ULONG i = 0; rows && i < rows->cRows && !store; i++)
        if (rows->aRow[i].lpProps[1].Value.b)
            CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                                                (LPENTRYID)rows->aRow[i].lpProps[0].Value.bin.lpb,
                                                NULL, MAPI_BEST_ACCESS, &store),
                     S_OK);
    FreeProws(rows);
    t->lpVtbl->Release(t);
    if (!store)
        return;
    /* The profile's knobs apply to this session (50 items, 2 ms apart): log off mid-way. */
    CHECK_HR(Start(store, NULL, SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    store->lpVtbl->Release(store);
    SleepMs(20);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    sess->lpVtbl->Release(sess);
    Finish(&cb, h, 1);
    CHECK_HR(cb.doneHr, MAPI_E_END_OF_SESSION);
    CHECK(cb.progress > 0 && cb.progress < 50 && cb.errors == 1, "stopped at logoff: %d",
          (int)cb.progress);
}

/* ---- Notifications raised by the simulated server (README "Notifications") ------------------- */
typedef struct NSink {
    const IMAPIAdviseSinkVtbl *lpVtbl;
    int32_t refs, newMail, reload, rows;
} NSink;
static HRESULT STDMETHODCALLTYPE NS_QI(IMAPIAdviseSink *This, REFIID riid, void **ppv)
{
    (void)This, (void)riid;
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE NS_AddRef(IMAPIAdviseSink *This) { return (ULONG)INC(&((NSink *)This)->refs); }
static ULONG STDMETHODCALLTYPE NS_Release(IMAPIAdviseSink *This) { return (ULONG)DEC(&((NSink *)This)->refs); }
static ULONG STDMETHODCALLTYPE NS_OnNotify(IMAPIAdviseSink *This, ULONG c, LPNOTIFICATION n)
{
    NSink *s = (NSink *)This;
    for (ULONG i = 0; i < c; i++) {
        if (n[i].ulEventType == fnevNewMail)
            INC(&s->newMail);
        else if (n[i].ulEventType == fnevTableModified && n[i].info.tab.ulTableEvent == TABLE_RELOAD)
            INC(&s->reload);
        else if (n[i].ulEventType == fnevTableModified)
            INC(&s->rows);
    }
    return 0;
}
static const IMAPIAdviseSinkVtbl g_nsVtbl = {NS_QI, NS_AddRef, NS_Release, NS_OnNotify};

static void TestNotifications(void)
{
    NSink mail = {&g_nsVtbl, 1, 0, 0, 0}, table = {&g_nsVtbl, 1, 0, 0, 0};
    ULONG_PTR mc = 0, tc = 0;
    CHECK_HR(g_store->lpVtbl->Advise(g_store, 0, NULL, fnevNewMail, (LPMAPIADVISESINK)&mail, &mc),
             S_OK);
    LPMAPIFOLDER ipm = NULL, sf = NULL;
    LPMAPITABLE t = NULL;
    CHECK_HR(OpenFolder(g_store, PR_IPM_SUBTREE_ENTRYID, &ipm), S_OK);
    if (ipm)
        CHECK_HR(ipm->lpVtbl->CreateFolder(ipm, FOLDER_GENERIC, (LPTSTR)u"Server Folders", NULL,
                                           NULL, OPEN_IF_EXISTS | MAPI_UNICODE, &sf),
                 S_OK);
    if (sf)
        CHECK_HR(sf->lpVtbl->GetHierarchyTable(sf, 0, &t), S_OK);
    if (t)
        CHECK_HR(t->lpVtbl->Advise(t, fnevTableModified, (LPMAPIADVISESINK)&table, &tc), S_OK);
    /* three hierarchy runs in a row: the third deletes the first's folder */
    for (int i = 0; i < 3; i++) {
        TestCb cb;
        CbInit(&cb);
        HANDLE h = NULL;
        CHECK_HR(Start(g_store, "", SYNC_DOWNLOAD_HIERARCHY, &cb, &h), S_OK);
        Finish(&cb, h, 1);
    }
    TestCb cb;
    CbInit(&cb);
    HANDLE h = NULL;
    CHECK_HR(Start(g_store, "sync.items=3", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    for (int i = 0; i < 3000 && (LOAD(&mail.newMail) < 3 || LOAD(&table.reload) < 1); i++)
        SleepMs(1);
    CHECK(LOAD(&mail.newMail) == 3, "fnevNewMail for each downloaded message (%d)",
          (int)LOAD(&mail.newMail));
    CHECK(LOAD(&table.reload) >= 1 && LOAD(&table.rows) >= 1,
          "Server Folders' hierarchy table: rows added, TABLE_RELOAD when a Run folder is replaced "
          "(%d reloads, %d row events)",
          (int)LOAD(&table.reload), (int)LOAD(&table.rows));
    CHECK_HR(g_store->lpVtbl->Unadvise(g_store, mc), S_OK);
    if (t) {
        CHECK_HR(t->lpVtbl->Unadvise(t, tc), S_OK);
        t->lpVtbl->Release(t);
    }
    if (sf)
        sf->lpVtbl->Release(sf);
    if (ipm)
        ipm->lpVtbl->Release(ipm);
    CHECK(LOAD(&mail.refs) == 1 && LOAD(&table.refs) == 1, "sinks released");
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
}

/* ================================================================================================
 * The knobs koffi-mapi check uses: each breaks one rule of IMAPISync, and the test shows it does
 * (and that nothing of the run is left behind afterwards).
 * ============================================================================================= */

/* Starts a sync with MAPISIB.ulSize = ulSize (the rest of the MAPISIB as Start's). */
static HRESULT StartSized(const char *knobs, ULONG ulSize, TestCb *cb, HANDLE *phEvent)
{
    CHECK_HR(SampleProvider_SetKnobs(knobs), S_OK);
    IMAPISync *sync = NULL;
    CHECK_HR(g_store->lpVtbl->QueryInterface(g_store, &IID_IMAPISync_, (void **)&sync), S_OK);
    if (!sync)
        return E_FAIL;
    MAPISIB sib = {ulSize, SYNC_DOWNLOAD_CONTENTS, g_sess, (LPUNKNOWN)cb, phEvent};
    HRESULT hr = sync->lpVtbl->SynchronizeInBackground(sync, &sib);
    sync->lpVtbl->Release(sync);
    return hr;
}

/* Waits until no run, provider thread or handle is left (up to 10 s), then checks it. */
static void CheckQuiet(const char *what)
{
    SampleStats st;
    SampleProvider_GetStats(&st);
    for (int i = 0; i < 10000 && (st.cSyncs || st.cThreads || st.cHandles); i++) {
        SleepMs(1);
        SampleProvider_GetStats(&st);
    }
    CHECK(st.cSyncs == 0 && st.cThreads == 0 && st.cHandles == 0,
          "%s: syncs %u threads %u handles %u left", what, (unsigned)st.cSyncs,
          (unsigned)st.cThreads, (unsigned)st.cHandles);
    CHECK(st.cBuffers == 0 && st.cInitializedThreads == 1, "%s: buffers %u initialized threads %u",
          what, (unsigned)st.cBuffers, (unsigned)st.cInitializedThreads);
}

/* Waits up to 10 s for the callback's reference count to come back to 1. */
static int WaitRefs(TestCb *cb)
{
    for (int i = 0; i < 10000 && LOAD(&cb->refs) != 1; i++)
        SleepMs(1);
    return LOAD(&cb->refs) == 1;
}

/* A separate done event (not a thread handle): wait, Done once, callback released, close. */
static void FinishEvent(TestCb *cb, HANDLE h)
{
    CHECK(h != NULL && SampleGetThreadId(h) == 0, "a separate event");
    CHECK(SampleWaitForSingleObject(h, 20000) == 0, "done event signalled");
    CHECK(WaitRefs(cb), "the provider released the callback (refs %d)", (int)LOAD(&cb->refs));
    CHECK(LOAD(&cb->done) == 1 && cb->doneHandle == h, "Done %d", (int)LOAD(&cb->done));
    CHECK(SampleCloseHandle(h), "close the done event");
}

static void TestSizeBlockInline(void)
{
    TestCb cb;
    HANDLE h = NULL;

    /* sync.ignoreSize: ulSize = 8 is refused, unless the knob is set */
    CbInit(&cb);
    CHECK_HR(StartSized("", 8, &cb, &h), MAPI_E_INVALID_PARAMETER);
    CHECK(cb.refs == 1 && cb.qiCalls == 0, "nothing taken");
    CHECK_HR(StartSized("sync.ignoreSize=1;sync.items=2", 8, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CheckQuiet("sync.ignoreSize");

    /* sync.blockMs: the call returns only after the sleep, the run goes on meanwhile */
    CbInit(&cb);
    double t0 = Now();
    CHECK_HR(Start(g_store, "sync.blockMs=300;sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    double took = Now() - t0;
    CHECK(took >= 0.28, "SynchronizeInBackground took %.3f s", took);
    Finish(&cb, h, 1);
    CHECK(cb.progress == 2 && cb.callerProgress == 0, "progress %d", (int)cb.progress);
    CheckQuiet("sync.blockMs");

    /* sync.inline: every callback (Done included) on the caller's thread before the return,
     * and an event that is already signalled */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.inline=1;sync.items=3", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    CHECK(LOAD(&cb.done) == 1 && cb.progress == 3, "done %d progress %d before the return",
          (int)LOAD(&cb.done), (int)cb.progress);
    CHECK(cb.callerProgress == 4 && cb.providerCalls == 0, "caller's thread %d, other %d",
          (int)cb.callerProgress, (int)cb.providerCalls); /* 3 Progress and Done */
    CHECK(cb.signalledAtDone == 1, "the event was signalled when Done came");
    CHECK(h != NULL && SampleWaitForSingleObject(h, 0) == 0, "signalled already");
    FinishEvent(&cb, h);
    CheckQuiet("sync.inline");
}

static void TestEvents(void)
{
    TestCb cb;
    HANDLE h = NULL;

    /* default: when Done comes, the done event (the thread handle) is not signalled yet */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.signalledAtDone == 0, "not signalled before the thread ends");

    /* sync.noEvent: *phSyncDoneEvent stays NULL; the run still ends with Done */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.noEvent=1;sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb, &h), S_OK);
    CHECK(h == NULL, "no done event");
    CHECK(WaitRefs(&cb), "released");
    CHECK(LOAD(&cb.done) == 1 && cb.doneHandle == NULL, "Done %d", (int)LOAD(&cb.done));
    CheckQuiet("sync.noEvent");

    /* sync.signalEarly: the event is signalled when Done arrives */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.signalEarly=1;sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    FinishEvent(&cb, h);
    CHECK(cb.signalledAtDone == 1, "signalled before Done");
    CheckQuiet("sync.signalEarly");

    /* sync.lingerMs: signalled right after Done, but the callback is released 400 ms later,
     * after the caller has logged off and called MAPIUninitialize */
    LPMAPISESSION sess = NULL;
    LPMDB store = NULL;
    CHECK_HR(MAPIInitialize(NULL), S_OK); /* this thread's second count, given back below */
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &sess),
             S_OK);
    if (sess) {
        LPMDB saved = g_store;
        LPMAPITABLE t = NULL;
        LPSRowSet rows = NULL;
        TAGS(cols, PR_ENTRYID, PR_DEFAULT_STORE);
        CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, &t), S_OK);
        CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
        for (ULONG i = 0; rows && i < rows->cRows; i++)
            if (rows->aRow[i].lpProps[1].Value.b)
                CHECK_HR(sess->lpVtbl->OpenMsgStore(
                             sess, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                             (LPENTRYID)rows->aRow[i].lpProps[0].Value.bin.lpb, NULL,
                             MAPI_BEST_ACCESS, &store),
                         S_OK);
        FreeProws(rows);
        t->lpVtbl->Release(t);
        CbInit(&cb);
        if (store)
            CHECK_HR(Start(store, "sync.lingerMs=400;sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb,
                           &h),
                     S_OK);
        CHECK(h && SampleWaitForSingleObject(h, 20000) == 0, "signalled");
        CHECK(LOAD(&cb.done) == 1 && LOAD(&cb.refs) == 2, "done %d, refs %d: not released yet",
              (int)LOAD(&cb.done), (int)LOAD(&cb.refs));
        SampleStats st;
        SampleProvider_GetStats(&st);
        CHECK(st.cThreads == 1, "the thread lingers (%u)", (unsigned)st.cThreads);
        CHECK(h && SampleCloseHandle(h), "close");
        CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
        if (store)
            store->lpVtbl->Release(store);
        sess->lpVtbl->Release(sess);
        MAPIUninitialize();
        CHECK(LOAD(&cb.refs) == 2, "still held after MAPIUninitialize");
        CHECK(WaitRefs(&cb), "released at last");
        g_store = saved;
    } else {
        MAPIUninitialize();
    }
    CheckQuiet("sync.lingerMs");
}

static void TestIndicesCancel(void)
{
    TestCb cb;
    HANDLE h = NULL;

    /* sync.badIndex=past: the last Progress is ulIndexMax + 1 */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.badIndex=past;sync.items=3", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.lastIndex == 4 && cb.lastMax == 3 && cb.badOrder == 1, "last %lu of %lu",
          (unsigned long)cb.lastIndex, (unsigned long)cb.lastMax);

    /* sync.badIndex=back: the third Progress goes back to the first one's index */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.badIndex=back;sync.items=5", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.badOrder == 1 && cb.lastIndex == 5, "bad order %d", (int)cb.badOrder);
    CHECK_HR(SampleProvider_SetKnobs("sync.badIndex=sideways"), MAPI_E_INVALID_PARAMETER);

    /* sync.lateCancel=3: the cancel returned by Progress 5 stops the run after Progress 8 */
    CbInit(&cb);
    cb.cancelAtIndex = 5;
    cb.cancelHr = MAPI_E_USER_CANCEL;
    CHECK_HR(Start(g_store, "sync.lateCancel=3;sync.items=20", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.progress == 8, "progress %d", (int)cb.progress);
    CHECK_HR(cb.doneHr, MAPI_E_USER_CANCEL);
    CheckQuiet("sync.lateCancel");
}

static void TestCallbackKnobs(void)
{
    TestCb cb;
    HANDLE h = NULL;

    /* sync.rawCallback: punkCallBack is used without QueryInterface (this one answers none) */
    CbInit(&cb);
    cb.answerQI = 0;
    CHECK_HR(Start(g_store, "sync.rawCallback=1;sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.qiCalls == 0 && cb.progress == 2, "QI %d progress %d", (int)cb.qiCalls,
          (int)cb.progress);

    /* sync.badErrorText: one Error whose text starts with a lone high surrogate; S_OK at the end */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.badErrorText=1;sync.items=3", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 1);
    CHECK(cb.errors == 1 && cb.firstErrorW0 == 0xD800 && cb.firstErrorHr == MAPI_E_CALL_FAILED,
          "errors %d, first unit 0x%04X", (int)cb.errors, (unsigned)cb.firstErrorW0);
    CHECK(strstr(cb.firstErrorText, "sync.badErrorText") != NULL, "'%s'", cb.firstErrorText);
    CHECK_HR(cb.doneHr, S_OK);
    CHECK(cb.progress == 3, "the run went on: %d", (int)cb.progress);

    /* sync.noDoneFlags=0x80: a run with SYNC_DOWNLOAD_CONTENTS has no Done, one without has */
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.noDoneFlags=0x80;sync.items=2", SYNC_DOWNLOAD_CONTENTS, &cb, &h),
             S_OK);
    Finish(&cb, h, 0);
    CbInit(&cb);
    CHECK_HR(Start(g_store, "sync.noDoneFlags=0x80", SYNC_UPLOAD_HIERARCHY, &cb, &h), S_OK);
    Finish(&cb, h, 1);
    CheckQuiet("sync.noDoneFlags");
}

static void TestSharedBusy(void)
{
    TestCb a, b;
    HANDLE ha = NULL, hb = NULL;

    /* sync.sharedCallback: after run B starts, run A's reports go to B's callback */
    CbInit(&a);
    CbInit(&b);
    const char *k = "sync.sharedCallback=1;sync.items=12;sync.delay=20";
    CHECK_HR(Start(g_store, k, SYNC_DOWNLOAD_CONTENTS, &a, &ha), S_OK);
    for (int i = 0; i < 5000 && LOAD(&a.progress) < 2; i++)
        SleepMs(1);
    int32_t aBefore = LOAD(&a.progress);
    CHECK_HR(Start(g_store, k, SYNC_DOWNLOAD_CONTENTS, &b, &hb), S_OK);
    CHECK(ha && SampleWaitForSingleObject(ha, 20000) == 0, "A ended");
    CHECK(hb && SampleWaitForSingleObject(hb, 20000) == 0, "B ended");
    CHECK(LOAD(&a.progress) <= aBefore + 1, "A got %d Progress after B started",
          (int)(LOAD(&a.progress) - aBefore));
    CHECK(LOAD(&a.done) == 0 && LOAD(&b.done) == 2, "Done: A %d, B %d", (int)LOAD(&a.done),
          (int)LOAD(&b.done));
    CHECK(LOAD(&b.progress) >= 12 + 12 - aBefore - 1, "B got %d Progress", (int)LOAD(&b.progress));
    CHECK(a.refs == 1 && b.refs == 1, "refs A %d B %d", (int)a.refs, (int)b.refs);
    CHECK(ha && SampleCloseHandle(ha) && hb && SampleCloseHandle(hb), "close");
    CheckQuiet("sync.sharedCallback");

    /* sync.stuckBusy: two at once are fine; once one has ended, every later run is refused */
    CbInit(&a);
    CbInit(&b);
    k = "sync.stuckBusy=1;sync.items=3;sync.delay=20";
    CHECK_HR(Start(g_store, k, SYNC_DOWNLOAD_CONTENTS, &a, &ha), S_OK);
    CHECK_HR(Start(g_store, k, SYNC_DOWNLOAD_CONTENTS, &b, &hb), S_OK);
    Finish(&a, ha, 1);
    Finish(&b, hb, 1);
    TestCb c;
    CbInit(&c);
    HANDLE hc = (HANDLE)1;
    CHECK_HR(Start(g_store, k, SYNC_DOWNLOAD_CONTENTS, &c, &hc), MAPI_E_BUSY);
    CHECK(hc == NULL && c.refs == 1, "nothing started");
    IMAPISync *sync = NULL;
    CHECK_HR(g_store->lpVtbl->QueryInterface(g_store, &IID_IMAPISync_, (void **)&sync), S_OK);
    if (sync) {
        MAPISIB sib = {sizeof(MAPISIB), SYNC_DOWNLOAD_CONTENTS, NULL, (LPUNKNOWN)&c, &hc};
        CHECK_HR(sync->lpVtbl->SynchronizeInBackground(sync, &sib), MAPI_E_BUSY);
        LPMAPIERROR e = NULL; /* IMAPISync has no GetLastError: the store has the text */
        CHECK_HR(g_store->lpVtbl->GetLastError(g_store, MAPI_E_BUSY, 0, &e), S_OK);
        CHECK(e && strstr((const char *)e->lpszError, "knob sync.stuckBusy") != NULL, "'%s'",
              e ? (const char *)e->lpszError : "");
        MAPIFreeBuffer(e);
        sync->lpVtbl->Release(sync);
    }
    CHECK_HR(SampleProvider_SetKnobs(""), S_OK);
    CbInit(&c);
    CHECK_HR(Start(g_store, "sync.items=1", SYNC_DOWNLOAD_CONTENTS, &c, &hc), S_OK);
    Finish(&c, hc, 1); /* without the knob the flag is not looked at */
    CheckQuiet("sync.stuckBusy");
}

int main(void)
{
    t_isMain = 1;
    CHECK_HR(MAPIInitialize(NULL), S_OK);
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &g_sess),
             S_OK);
    if (!g_sess)
        return 1;
    LPMAPITABLE t = NULL;
    LPSRowSet rows = NULL;
    TAGS(cols, PR_ENTRYID, PR_DEFAULT_STORE);
    CHECK_HR(g_sess->lpVtbl->GetMsgStoresTable(g_sess, 0, &t), S_OK);
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    for (ULONG i = 0; rows && i < rows->cRows; i++) {
        LPMDB *slot = rows->aRow[i].lpProps[1].Value.b ? &g_store : &g_archive;
        CHECK_HR(g_sess->lpVtbl->OpenMsgStore(g_sess, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                                              (LPENTRYID)rows->aRow[i].lpProps[0].Value.bin.lpb,
                                              NULL, MAPI_BEST_ACCESS, slot),
                 S_OK);
    }
    FreeProws(rows);
    t->lpVtbl->Release(t);
    if (!g_store || !g_archive)
        return 1;

    TestHappyPath();
    TestUpload();
    TestKnobs();
    TestErrors();
    TestConcurrent();
    TestReleaseEarly();
    TestNotifications();
    TestSizeBlockInline();
    TestEvents();
    TestIndicesCancel();
    TestCallbackKnobs();
    TestSharedBusy();
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);

    g_store->lpVtbl->Release(g_store);
    g_archive->lpVtbl->Release(g_archive);
    g_sess->lpVtbl->Release(g_sess);
    MAPIUninitialize();

    SampleStats s;
    CHECK_HR(SampleProvider_GetStats(&s), S_OK);
    /* The notification thread (TestNotifications) is not joined: it ends on its own shortly
     * after the last Unadvise. */
    for (int i = 0; i < 3000 && (s.cThreads || s.cInitializedThreads); i++) {
        SleepMs(1);
        SampleProvider_GetStats(&s);
    }
    CHECK(s.cObjects == 0 && s.cSyncs == 0, "live objects %u (syncs %u)", (unsigned)s.cObjects,
          (unsigned)s.cSyncs);
    CHECK(s.cBuffers == 0, "live buffers %u", (unsigned)s.cBuffers);
    CHECK(s.cThreads == 0 && s.cHandles == 0, "threads %u handles %u", (unsigned)s.cThreads,
          (unsigned)s.cHandles);
    CHECK(s.cInitializedThreads == 0, "initialized threads %u", (unsigned)s.cInitializedThreads);
    CHECK(s.cInitImbalance == 0, "init imbalance %u", (unsigned)s.cInitImbalance);
    /* A provider thread leaves cThreads just before its pthread really exits: give the last
     * ones that moment, or valgrind may see their TLS as "possibly lost" at exit. */
    SleepMs(100);

    printf("sync: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
