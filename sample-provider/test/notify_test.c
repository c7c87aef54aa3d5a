#define _XOPEN_SOURCE 700 /* mkdtemp */
/*
 * notify_test.c - native test of the notification engine (README.md "Notifications"): a C
 * IMAPIAdviseSink registered on a store, a folder, a contents table and the session; every kind
 * of event with its fields, batching, Unadvise while OnNotify runs (the Release is deferred until
 * it returns), the knobs, the bad-input errors, and at the end no live registration, sink
 * reference, queued notification, thread, object or buffer.
 *
 * The sink runs on the provider's notification thread, so what it records is guarded by a lock.
 *
 * Build and run:  node scripts/build-provider.js --smoke     (also under --valgrind)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kmapi_sample.h"
#include "../src/mapi_msg.h"

#if defined(_WIN32)
__declspec(dllimport) void __stdcall Sleep(uint32_t ms);
__declspec(dllimport) uint32_t __stdcall GetTickCount(void);
static void SleepMs(unsigned ms) { Sleep(ms); }
static double NowMs(void) { return GetTickCount(); }
#else
#include <pthread.h>
#include <time.h>
static void SleepMs(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
static double NowMs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}
#endif

#include "check.h"

#define LOAD(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define INC(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define DEC(p) __atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)

static const IID IID_IMAPIFolder_ = {0x0002030C, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IMessage_ = {0x00020307, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

static _Thread_local int t_isMain;

/* ---- The sink --------------------------------------------------------------------------------- */
typedef struct Seen {
    ULONG ev, objType;
    ULONG folder, message;       /* from lpEntryID (0 when NULL) */
    ULONG cbEntryID;
    ULONG parentFolder;          /* from lpParentID */
    ULONG oldFolder, oldMessage; /* lpOldID */
    ULONG oldParentFolder;
    LONG cTags;                  /* -1: lpPropTagArray NULL */
    ULONG tag0;
    char cls[32];                /* newmail: the message class, narrowed */
    ULONG ulFlags, msgFlags;
    ULONG tableEvent, indexKey, priorTag, priorKey, rowValues;
    SCODE scode;
    int onMain;
} Seen;

#define MAX_SEEN 4096
typedef struct Sink {
    const IMAPIAdviseSinkVtbl *lpVtbl;
    int32_t refs;
    int32_t calls, maxBatch, total;
    int32_t block, inside; /* block: OnNotify waits until it is cleared; inside: it is waiting */
#if defined(_WIN32)
    char lock;
#else
    pthread_mutex_t lock;
#endif
    Seen seen[MAX_SEEN];
    int cSeen;
} Sink;

#if defined(_WIN32)
static void Lock(Sink *s)
{
    while (__atomic_test_and_set(&s->lock, __ATOMIC_ACQUIRE))
        ;
}
static void Unlock(Sink *s) { __atomic_clear(&s->lock, __ATOMIC_RELEASE); }
#else
static void Lock(Sink *s) { pthread_mutex_lock(&s->lock); }
static void Unlock(Sink *s) { pthread_mutex_unlock(&s->lock); }
#endif

static ULONG Le32(const BYTE *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24); }
static ULONG EidFolder(ULONG cb, const void *eid) { return cb == 36 && eid ? Le32((const BYTE *)eid + 28) : 0; }
static ULONG EidMessage(ULONG cb, const void *eid) { return cb == 36 && eid ? Le32((const BYTE *)eid + 32) : 0; }

static HRESULT STDMETHODCALLTYPE Sink_QI(IMAPIAdviseSink *This, REFIID riid, void **ppv)
{
    (void)This, (void)riid;
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE Sink_AddRef(IMAPIAdviseSink *This) { return (ULONG)INC(&((Sink *)This)->refs); }
static ULONG STDMETHODCALLTYPE Sink_Release(IMAPIAdviseSink *This) { return (ULONG)DEC(&((Sink *)This)->refs); }

static void Record(Sink *s, const NOTIFICATION *n)
{
    Seen x;
    memset(&x, 0, sizeof x);
    x.ev = n->ulEventType;
    x.onMain = t_isMain;
    x.cTags = -1;
    switch (n->ulEventType) {
    case fnevNewMail: {
        const NEWMAIL_NOTIFICATION *m = &n->info.newmail;
        x.cbEntryID = m->cbEntryID;
        x.folder = EidFolder(m->cbEntryID, m->lpEntryID);
        x.message = EidMessage(m->cbEntryID, m->lpEntryID);
        x.parentFolder = EidFolder(m->cbParentID, m->lpParentID);
        x.ulFlags = m->ulFlags;
        x.msgFlags = m->ulMessageFlags;
        const WCHAR *w = m->lpszMessageClass;
        for (int i = 0; w && w[i] && i < 31; i++)
            x.cls[i] = (char)w[i];
        break;
    }
    case fnevCriticalError:
        x.scode = n->info.err.scode;
        x.ulFlags = n->info.err.ulFlags;
        break;
    case fnevTableModified: {
        const TABLE_NOTIFICATION *t = &n->info.tab;
        x.tableEvent = t->ulTableEvent;
        if (t->propIndex.ulPropTag == PR_INSTANCE_KEY && t->propIndex.Value.bin.cb >= 4)
            x.indexKey = Le32(t->propIndex.Value.bin.lpb);
        x.priorTag = t->propPrior.ulPropTag;
        if (t->propPrior.ulPropTag == PR_INSTANCE_KEY)
            x.priorKey = Le32(t->propPrior.Value.bin.lpb);
        x.rowValues = t->row.cValues;
        break;
    }
    default: {
        const OBJECT_NOTIFICATION *o = &n->info.obj;
        x.objType = o->ulObjType;
        x.cbEntryID = o->cbEntryID;
        x.folder = EidFolder(o->cbEntryID, o->lpEntryID);
        x.message = EidMessage(o->cbEntryID, o->lpEntryID);
        x.parentFolder = EidFolder(o->cbParentID, o->lpParentID);
        x.oldFolder = EidFolder(o->cbOldID, o->lpOldID);
        x.oldMessage = EidMessage(o->cbOldID, o->lpOldID);
        x.oldParentFolder = EidFolder(o->cbOldParentID, o->lpOldParentID);
        if (o->lpPropTagArray) {
            x.cTags = (LONG)o->lpPropTagArray->cValues;
            x.tag0 = o->lpPropTagArray->cValues ? o->lpPropTagArray->aulPropTag[0] : 0;
        }
        break;
    }
    }
    if (s->cSeen < MAX_SEEN)
        s->seen[s->cSeen++] = x;
}

static ULONG STDMETHODCALLTYPE Sink_OnNotify(IMAPIAdviseSink *This, ULONG c, LPNOTIFICATION n)
{
    Sink *s = (Sink *)This;
    INC(&s->calls);
    if (LOAD(&s->block)) {
        STORE(&s->inside, 1);
        while (LOAD(&s->block))
            SleepMs(1);
        STORE(&s->inside, 0);
    }
    Lock(s);
    if ((int32_t)c > s->maxBatch)
        s->maxBatch = (int32_t)c;
    s->total += (int32_t)c;
    for (ULONG i = 0; i < c; i++)
        Record(s, &n[i]);
    Unlock(s);
    return 0;
}

static const IMAPIAdviseSinkVtbl g_sinkVtbl = {Sink_QI, Sink_AddRef, Sink_Release, Sink_OnNotify};

static Sink *NewSink(void)
{
    Sink *s = calloc(1, sizeof *s);
    s->lpVtbl = &g_sinkVtbl;
    s->refs = 1;
#if !defined(_WIN32)
    pthread_mutex_init(&s->lock, NULL);
#endif
    return s;
}

static void FreeSink(Sink *s)
{
#if !defined(_WIN32)
    pthread_mutex_destroy(&s->lock);
#endif
    free(s);
}

static void Clear(Sink *s)
{
    Lock(s);
    s->cSeen = 0;
    s->total = 0;
    Unlock(s);
}

/* Waits (up to 5 s) until the sink saw at least n notifications, then settles 30 ms. */
static int WaitFor(Sink *s, int n)
{
    for (int i = 0; i < 5000; i++) {
        Lock(s);
        int have = s->cSeen;
        Unlock(s);
        if (have >= n) {
            SleepMs(30);
            return 1;
        }
        SleepMs(1);
    }
    return 0;
}

/* The first seen notification with that event (and table event), or NULL. */
static const Seen *Find(Sink *s, ULONG ev, ULONG objType)
{
    for (int i = 0; i < s->cSeen; i++)
        if (s->seen[i].ev == ev && (!objType || s->seen[i].objType == objType))
            return &s->seen[i];
    return NULL;
}

static SampleStats Stats(void)
{
    SampleStats st;
    SampleProvider_GetStats(&st);
    return st;
}

/* ---- Helpers ---------------------------------------------------------------------------------- */
static LPMAPISESSION Logon(const char *profile, LPMDB *store)
{
    LPMAPISESSION sess = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &sess), S_OK);
    *store = NULL;
    if (!sess)
        return NULL;
    LPMAPITABLE t = NULL;
    LPSRowSet rows = NULL;
    TAGS(cols, PR_ENTRYID, PR_DEFAULT_STORE);
    CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, &t), S_OK);
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    for (ULONG i = 0; rows && i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[1].Value.b)
            CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                                                (LPENTRYID)rows->aRow[i].lpProps[0].Value.bin.lpb,
                                                NULL, MAPI_BEST_ACCESS, store),
                     S_OK);
    FreeProws(rows);
    t->lpVtbl->Release(t);
    return sess;
}

/* Entry id of a store folder (PR_IPM_*_ENTRYID tag, or 0 for the Inbox). */
static void FolderEid(LPMDB store, ULONG tag, BYTE eid[36])
{
    memset(eid, 0, 36);
    if (!tag) {
        ULONG cb = 0;
        LPENTRYID e = NULL;
        CHECK_HR(store->lpVtbl->GetReceiveFolder(store, NULL, 0, &cb, &e, NULL), S_OK);
        if (e && cb == 36)
            memcpy(eid, e, 36);
        MAPIFreeBuffer(e);
        return;
    }
    TAGS(tags, tag);
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(store->lpVtbl->GetProps(store, (LPSPropTagArray)&tags, 0, &c, &p), S_OK);
    if (p && p[0].ulPropTag == tag && p[0].Value.bin.cb == 36)
        memcpy(eid, p[0].Value.bin.lpb, 36);
    MAPIFreeBuffer(p);
}

static LPMAPIFOLDER OpenFolder(LPMDB store, const BYTE eid[36])
{
    ULONG type = 0;
    LPMAPIFOLDER f = NULL;
    CHECK_HR(store->lpVtbl->OpenEntry(store, 36, (LPENTRYID)eid, &IID_IMAPIFolder_,
                                      MAPI_BEST_ACCESS, &type, (LPUNKNOWN *)&f),
             S_OK);
    return f;
}

/* A new saved message with that subject; its entry id into eid. */
static void NewMessage(LPMAPIFOLDER f, const char *subject, BYTE eid[36])
{
    LPMESSAGE m = NULL;
    CHECK_HR(f->lpVtbl->CreateMessage(f, &IID_IMessage_, 0, &m), S_OK);
    if (!m)
        return;
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = PROP_TAG(PT_STRING8, 0x0037); /* PR_SUBJECT_A */
    v.Value.lpszA = (char *)subject;
    CHECK_HR(m->lpVtbl->SetProps(m, 1, &v, NULL), S_OK);
    TAGS(tags, PR_ENTRYID);
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(m->lpVtbl->GetProps(m, (LPSPropTagArray)&tags, 0, &c, &p), S_OK);
    if (p && p[0].Value.bin.cb == 36)
        memcpy(eid, p[0].Value.bin.lpb, 36);
    MAPIFreeBuffer(p);
    CHECK_HR(m->lpVtbl->SaveChanges(m, 0), S_OK);
    m->lpVtbl->Release(m);
}

static void EntryList(ENTRYLIST *l, SBinary *b, BYTE eid[36])
{
    b->cb = 36;
    b->lpb = eid;
    l->cValues = 1;
    l->lpbin = b;
}

/* ---- Tests ------------------------------------------------------------------------------------ */
static void TestObjectEvents(void)
{
    LPMDB store = NULL;
    LPMAPISESSION sess = Logon("Sample", &store);
    if (!store)
        return;
    Sink *s = NewSink();
    ULONG_PTR conn = 0, conn2 = 0;
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, 0xFFFFFFFFu, (LPMAPIADVISESINK)s, &conn), S_OK);
    CHECK(conn != 0, "connection numbers are nonzero");
    CHECK(LOAD(&s->refs) == 2, "Advise AddRefs the sink (%d)", (int)LOAD(&s->refs));
    CHECK(Stats().cAdvises == 1 && Stats().cSinkRefs == 1, "advises %u sinkRefs %u",
          (unsigned)Stats().cAdvises, (unsigned)Stats().cSinkRefs);

    BYTE inboxEid[36], draftsEid[36], msgEid[36] = {0};
    FolderEid(store, 0, inboxEid);
    FolderEid(store, PROP_TAG(PT_BINARY, 0x36D7) /* PR_IPM_DRAFTS_ENTRYID */, draftsEid);
    LPMAPIFOLDER inbox = OpenFolder(store, inboxEid), drafts = OpenFolder(store, draftsEid);
    ULONG inboxId = EidFolder(36, inboxEid), draftsId = EidFolder(36, draftsEid);

    /* created: the message, then its folder's counts */
    NewMessage(inbox, "notify me", msgEid);
    CHECK(WaitFor(s, 2), "created + folder modified arrive");
    Lock(s);
    const Seen *c = Find(s, fnevObjectCreated, MAPI_MESSAGE);
    CHECK(c && c->message == EidMessage(36, msgEid) && c->parentFolder == inboxId && !c->onMain,
          "fnevObjectCreated: message, parent, on the provider's thread");
    const Seen *fm = Find(s, fnevObjectModified, MAPI_FOLDER);
    CHECK(fm && fm->folder == inboxId && fm->cTags == 2 && fm->tag0 == PR_CONTENT_COUNT,
          "the folder's fnevObjectModified with PR_CONTENT_COUNT, PR_CONTENT_UNREAD");
    Unlock(s);

    /* modified, with the changed tags */
    Clear(s);
    LPMESSAGE m = NULL;
    ULONG type = 0;
    CHECK_HR(store->lpVtbl->OpenEntry(store, 36, (LPENTRYID)msgEid, &IID_IMessage_,
                                      MAPI_BEST_ACCESS, &type, (LPUNKNOWN *)&m),
             S_OK);
    if (m) {
        SPropValue v;
        memset(&v, 0, sizeof v);
        v.ulPropTag = PR_IMPORTANCE;
        v.Value.l = 2;
        CHECK_HR(m->lpVtbl->SetProps(m, 1, &v, NULL), S_OK);
        CHECK_HR(m->lpVtbl->SaveChanges(m, 0), S_OK);
        m->lpVtbl->Release(m);
    }
    CHECK(WaitFor(s, 1), "modified arrives");
    Lock(s);
    const Seen *mm = Find(s, fnevObjectModified, MAPI_MESSAGE);
    int hasImportance = 0;
    for (int i = 0; i < s->cSeen; i++)
        hasImportance |= s->seen[i].ev == fnevObjectModified && s->seen[i].objType == MAPI_MESSAGE &&
                         s->seen[i].cTags >= 1;
    CHECK(mm && mm->message == EidMessage(36, msgEid) && hasImportance,
          "fnevObjectModified with the changed tags");
    Unlock(s);

    /* IMAPIFolder::SetReadFlags: the message's PR_MESSAGE_FLAGS and the folder's counts */
    Clear(s);
    ENTRYLIST list;
    SBinary bin;
    EntryList(&list, &bin, msgEid);
    CHECK_HR(inbox->lpVtbl->SetReadFlags(inbox, &list, 0, NULL, 0x4 /* CLEAR_READ_FLAG */), S_OK);
    CHECK(WaitFor(s, 2), "SetReadFlags notifies");
    Lock(s);
    const Seen *rf = Find(s, fnevObjectModified, MAPI_MESSAGE);
    const Seen *rc = Find(s, fnevObjectModified, MAPI_FOLDER);
    CHECK(rf && rf->cTags == 1 && rf->tag0 == PR_MESSAGE_FLAGS && rc && rc->folder == inboxId,
          "SetReadFlags: { PR_MESSAGE_FLAGS } and the folder's counts");
    Unlock(s);
    CHECK_HR(inbox->lpVtbl->SetReadFlags(inbox, &list, 0, NULL, 0x100), MAPI_E_UNKNOWN_FLAGS);

    /* copied, then moved */
    Clear(s);
    CHECK_HR(inbox->lpVtbl->CopyMessages(inbox, &list, &IID_IMAPIFolder_, drafts, 0, NULL, 0), S_OK);
    CHECK(WaitFor(s, 1), "copied arrives");
    Lock(s);
    const Seen *cp = Find(s, fnevObjectCopied, MAPI_MESSAGE);
    CHECK(cp && cp->parentFolder == draftsId && cp->oldMessage == EidMessage(36, msgEid) &&
              cp->oldParentFolder == inboxId && cp->message != cp->oldMessage,
          "fnevObjectCopied: new ids, old = the source's");
    CHECK(!Find(s, fnevObjectCreated, 0), "a copy is not also a create");
    Unlock(s);
    Clear(s);
    CHECK_HR(inbox->lpVtbl->CopyMessages(inbox, &list, &IID_IMAPIFolder_, drafts, 0, NULL,
                                         MESSAGE_MOVE),
             S_OK);
    CHECK(WaitFor(s, 3), "moved arrives");
    Lock(s);
    const Seen *mv = Find(s, fnevObjectMoved, MAPI_MESSAGE);
    ULONG movedId = mv ? mv->message : 0;
    CHECK(mv && mv->parentFolder == draftsId && mv->oldMessage == EidMessage(36, msgEid) &&
              mv->oldParentFolder == inboxId,
          "fnevObjectMoved: new id and parent, old ones");
    CHECK(!Find(s, fnevObjectDeleted, 0), "a move is not also a delete");
    Unlock(s);

    /* a registration on Drafts only: sees its children, not the Inbox's */
    Sink *fs = NewSink();
    CHECK_HR(store->lpVtbl->Advise(store, 36, (LPENTRYID)draftsEid, fnevObjectDeleted |
                                   fnevObjectCreated, (LPMAPIADVISESINK)fs, &conn2),
             S_OK);
    CHECK(conn2 != conn && conn2 != 0, "connection numbers are distinct");
    BYTE otherEid[36];
    NewMessage(inbox, "not for drafts", otherEid);
    BYTE moved[36];
    memcpy(moved, msgEid, 36);
    moved[28] = (BYTE)draftsId, moved[29] = moved[30] = moved[31] = 0;
    moved[32] = (BYTE)movedId, moved[33] = (BYTE)(movedId >> 8), moved[34] = moved[35] = 0;
    EntryList(&list, &bin, moved);
    Clear(s);
    CHECK_HR(drafts->lpVtbl->DeleteMessages(drafts, &list, 0, NULL, 0), S_OK);
    CHECK(WaitFor(fs, 1), "the folder registration sees the delete");
    Lock(fs);
    CHECK(fs->cSeen == 1 && fs->seen[0].ev == fnevObjectDeleted && fs->seen[0].message == movedId &&
              fs->seen[0].parentFolder == draftsId,
          "only Drafts' child's fnevObjectDeleted (%d seen)", fs->cSeen);
    Unlock(fs);

    /* folders */
    Clear(s);
    LPMAPIFOLDER sub = NULL;
    CHECK_HR(inbox->lpVtbl->CreateFolder(inbox, FOLDER_GENERIC, (LPTSTR) "Notified", NULL, NULL, 0,
                                         &sub),
             S_OK);
    CHECK(WaitFor(s, 2), "folder created");
    Lock(s);
    const Seen *fc = Find(s, fnevObjectCreated, MAPI_FOLDER);
    ULONG subId = fc ? fc->folder : 0;
    CHECK(fc && fc->parentFolder == inboxId, "fnevObjectCreated for a folder");
    Unlock(s);
    if (sub)
        sub->lpVtbl->Release(sub);
    Clear(s);
    BYTE subEid[36];
    memcpy(subEid, inboxEid, 36);
    subEid[28] = (BYTE)subId, subEid[29] = (BYTE)(subId >> 8), subEid[30] = subEid[31] = 0;
    CHECK_HR(inbox->lpVtbl->DeleteFolder(inbox, 36, (LPENTRYID)subEid, 0, NULL, 0), S_OK);
    CHECK(WaitFor(s, 2), "folder deleted");
    Lock(s);
    const Seen *fd = Find(s, fnevObjectDeleted, MAPI_FOLDER);
    CHECK(fd && fd->folder == subId && fd->parentFolder == inboxId, "fnevObjectDeleted for a folder");
    Unlock(s);

    /* bad input */
    ULONG_PTR x = 0;
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, NULL, &x), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, (LPMAPIADVISESINK)s, NULL),
             MAPI_E_INVALID_PARAMETER);
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, 0, (LPMAPIADVISESINK)s, &x),
             MAPI_E_INVALID_PARAMETER);
    BYTE junk[12] = {1, 2, 3};
    CHECK_HR(store->lpVtbl->Advise(store, 12, (LPENTRYID)junk, fnevNewMail, (LPMAPIADVISESINK)s, &x),
             MAPI_E_INVALID_ENTRYID);
    CHECK_HR(store->lpVtbl->Advise(store, 36, (LPENTRYID)subEid, fnevNewMail, (LPMAPIADVISESINK)s,
                                   &x),
             MAPI_E_NOT_FOUND);
    CHECK_HR(store->lpVtbl->Unadvise(store, 987654), MAPI_E_NOT_FOUND);
    CHECK_HR(sess->lpVtbl->Unadvise(sess, conn), MAPI_E_NOT_FOUND); /* the store's, not the session's */

    CHECK_HR(store->lpVtbl->Unadvise(store, conn2), S_OK);
    CHECK_HR(store->lpVtbl->Unadvise(store, conn2), MAPI_E_NOT_FOUND);
    CHECK(LOAD(&fs->refs) == 1, "Unadvise released the sink");
    CHECK_HR(store->lpVtbl->Unadvise(store, conn), S_OK);
    inbox->lpVtbl->Release(inbox);
    drafts->lpVtbl->Release(drafts);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, (LPMAPIADVISESINK)s, &x),
             MAPI_E_END_OF_SESSION);
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);
    CHECK(LOAD(&s->refs) == 1 && LOAD(&fs->refs) == 1, "sinks back to their own reference");
    FreeSink(s);
    FreeSink(fs);
}

/* Batches, Unadvise during OnNotify, logoff ending the thread. */
static void TestBatchAndDeferredRelease(void)
{
    LPMDB store = NULL;
    LPMAPISESSION sess = Logon("Sample;notify.burst=100;notify.batch=16", &store);
    if (!store)
        return;
    Sink *s = NewSink();
    ULONG_PTR conn = 0;
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevObjectModified, (LPMAPIADVISESINK)s, &conn),
             S_OK);
    CHECK(WaitFor(s, 100), "the burst arrives (%d)", s->cSeen);
    CHECK(LOAD(&s->calls) == 7 && LOAD(&s->maxBatch) == 16, "100 in batches of 16: %d calls, max %d",
          (int)LOAD(&s->calls), (int)LOAD(&s->maxBatch));
    CHECK(s->seen[0].objType == MAPI_STORE && s->seen[0].cbEntryID == 36, "the store's entry id");
    CHECK(Stats().cNotifyPending == 0, "nothing pending");
    CHECK_HR(store->lpVtbl->Unadvise(store, conn), S_OK);

    /* Unadvise while the thread is inside OnNotify: returns at once, the Release comes after */
    Sink *b = NewSink();
    STORE(&b->block, 1);
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevObjectModified, (LPMAPIADVISESINK)b, &conn),
             S_OK);
    for (int i = 0; i < 5000 && !LOAD(&b->inside); i++)
        SleepMs(1);
    CHECK(LOAD(&b->inside), "the thread is inside OnNotify");
    CHECK_HR(store->lpVtbl->Unadvise(store, conn), S_OK); /* does not wait */
    CHECK(LOAD(&b->refs) == 3, "Release deferred: ours, Advise's, the delivery's (%d)",
          (int)LOAD(&b->refs));
    CHECK(Stats().cAdvises == 0, "the registration is gone at once");
    STORE(&b->block, 0);
    for (int i = 0; i < 5000 && LOAD(&b->refs) != 1; i++)
        SleepMs(1);
    CHECK(LOAD(&b->refs) == 1, "released right after OnNotify returned (%d)", (int)LOAD(&b->refs));
    CHECK(LOAD(&b->calls) == 1, "no delivery after Unadvise (%d calls)", (int)LOAD(&b->calls));

    /* Logoff unadvises; the thread ends on its own */
    Sink *l = NewSink();
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, (LPMAPIADVISESINK)l, &conn), S_OK);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    for (int i = 0; i < 3000 && LOAD(&l->refs) != 1; i++)
        SleepMs(1); /* deferred while a delivery to it is in flight */
    CHECK(LOAD(&l->refs) == 1, "Logoff released the sink");
    int ended = 0;
    for (int i = 0; i < 3000 && !ended; i++, SleepMs(1))
        ended = Stats().cThreads == 0;
    CHECK(ended, "the notification thread ended after Logoff");
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);
    FreeSink(s);
    FreeSink(b);
    FreeSink(l);
}

/* deliver.every (new mail), contents-table notifications, the knobs. */
static void TestNewMailAndTables(void)
{
    LPMDB store = NULL;
    LPMAPISESSION sess = Logon("Sample;deliver.every=20;deliver.count=3", &store);
    if (!store)
        return;
    Sink *s = NewSink(), *t = NewSink();
    ULONG_PTR conn = 0, tconn = 0;
    BYTE inboxEid[36];
    FolderEid(store, 0, inboxEid);
    CHECK_HR(sess->lpVtbl->Advise(sess, 36, (LPENTRYID)inboxEid, fnevNewMail, (LPMAPIADVISESINK)s,
                                  &conn),
             S_OK);
    LPMAPIFOLDER inbox = OpenFolder(store, inboxEid);
    LPMAPITABLE table = NULL;
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, 0, &table), S_OK);
    CHECK_HR(table->lpVtbl->Advise(table, fnevTableModified, (LPMAPIADVISESINK)t, &tconn), S_OK);
    CHECK(WaitFor(s, 3), "three deliveries (%d)", s->cSeen);
    Lock(s);
    CHECK(s->cSeen == 3 && s->seen[0].ev == fnevNewMail && strcmp(s->seen[0].cls, "IPM.Note") == 0 &&
              s->seen[0].ulFlags == MAPI_UNICODE && !(s->seen[0].msgFlags & MSGFLAG_READ) &&
              s->seen[0].parentFolder == EidFolder(36, inboxEid) && s->seen[0].message != 0,
          "fnevNewMail: class, flags, parent");
    Unlock(s);
    CHECK(WaitFor(t, 3), "table rows added");
    Lock(t);
    CHECK(t->seen[0].tableEvent == TABLE_ROW_ADDED && t->seen[0].rowValues > 0 &&
              t->seen[0].priorTag == PR_INSTANCE_KEY && t->seen[0].indexKey == s->seen[0].message,
          "TABLE_ROW_ADDED with the row and the prior row's key (event %u)",
          (unsigned)t->seen[0].tableEvent);
    Unlock(t);

    /* a delete through the folder: TABLE_ROW_DELETED with the row's instance key */
    Clear(t);
    BYTE eid[36];
    memcpy(eid, inboxEid, 36);
    eid[20] = MAPI_MESSAGE;
    eid[32] = 1, eid[33] = eid[34] = eid[35] = 0; /* Inbox message id 1 */
    ENTRYLIST list;
    SBinary bin;
    EntryList(&list, &bin, eid);
    CHECK_HR(inbox->lpVtbl->DeleteMessages(inbox, &list, 0, NULL, 0), S_OK);
    CHECK(WaitFor(t, 1), "row deleted");
    Lock(t);
    CHECK(t->cSeen == 1 && t->seen[0].tableEvent == TABLE_ROW_DELETED && t->seen[0].indexKey == 1,
          "TABLE_ROW_DELETED, propIndex = the row's PR_INSTANCE_KEY");
    Unlock(t);

    /* notify.tableRows=0: any change is one TABLE_CHANGED */
    CHECK_HR(SampleProvider_SetKnobs("notify.tableRows=0"), S_OK);
    Clear(t);
    eid[32] = 2;
    CHECK_HR(inbox->lpVtbl->DeleteMessages(inbox, &list, 0, NULL, 0), S_OK);
    CHECK(WaitFor(t, 1), "table changed");
    CHECK(t->cSeen == 1 && t->seen[0].tableEvent == TABLE_CHANGED, "TABLE_CHANGED");

    /* notify.nullEntryId=1 and notify.callerThread=1 */
    CHECK_HR(SampleProvider_SetKnobs("notify.nullEntryId=1;notify.callerThread=1"), S_OK);
    Sink *c = NewSink();
    ULONG_PTR cconn = 0;
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevObjectCreated, (LPMAPIADVISESINK)c, &cconn),
             S_OK);
    NewMessage(inbox, "on my thread", eid);
    Lock(c);
    CHECK(c->cSeen == 1 && c->seen[0].onMain && c->seen[0].cbEntryID == 0,
          "delivered before SaveChanges returned, on the caller's thread, with a NULL entry id");
    Unlock(c);
    CHECK_HR(store->lpVtbl->Unadvise(store, cconn), S_OK);

    /* notify.holdSink=1: Unadvise keeps the reference until the data set goes */
    CHECK_HR(SampleProvider_SetKnobs("notify.holdSink=1"), S_OK);
    CHECK_HR(store->lpVtbl->Unadvise(store, conn), MAPI_E_NOT_FOUND); /* the session's */
    CHECK_HR(sess->lpVtbl->Unadvise(sess, conn), S_OK);
    CHECK(LOAD(&s->refs) == 2 && Stats().cSinkRefs >= 1, "held after Unadvise");
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);

    table->lpVtbl->Release(table); /* unadvises the table's registration */
    CHECK(LOAD(&t->refs) == 1, "releasing the table released its sink");
    inbox->lpVtbl->Release(inbox);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);
    CHECK(LOAD(&s->refs) == 1, "the held sink is released with the data set");
    FreeSink(s);
    FreeSink(t);
    FreeSink(c);
}

/* Restrictions, modifications, hierarchy tables, afterUnadvise, the thread after the last Unadvise. */
static void TestTablesMore(void)
{
    LPMDB store = NULL;
    LPMAPISESSION sess = Logon("Sample", &store);
    if (!store)
        return;
    BYTE inboxEid[36], eid[36];
    FolderEid(store, 0, inboxEid);
    LPMAPIFOLDER inbox = OpenFolder(store, inboxEid);
    LPMAPITABLE ct = NULL, ht = NULL;
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, 0, &ct), S_OK);
    CHECK_HR(inbox->lpVtbl->GetHierarchyTable(inbox, 0, &ht), S_OK);
    SPropValue two;
    memset(&two, 0, sizeof two);
    two.ulPropTag = PR_IMPORTANCE;
    two.Value.l = 7; /* no generated message has it: the restricted view starts empty */
    SRestriction r;
    memset(&r, 0, sizeof r);
    r.rt = RES_PROPERTY;
    r.res.resProperty.relop = RELOP_EQ;
    r.res.resProperty.ulPropTag = PR_IMPORTANCE;
    r.res.resProperty.lpProp = &two;
    CHECK_HR(ct->lpVtbl->Restrict(ct, &r, 0), S_OK);
    Sink *t = NewSink(), *h = NewSink();
    ULONG_PTR tc = 0, hc = 0;
    CHECK_HR(ct->lpVtbl->Advise(ct, fnevTableModified, (LPMAPIADVISESINK)t, &tc), S_OK);
    CHECK_HR(ht->lpVtbl->Advise(ht, fnevTableModified, (LPMAPIADVISESINK)h, &hc), S_OK);
    CHECK(Stats().cThreads >= 1, "Advise started the notification thread");

    NewMessage(inbox, "importance 1", eid); /* outside the restriction: nothing for ct */
    LPMESSAGE m = NULL;
    ULONG type = 0;
    CHECK_HR(store->lpVtbl->OpenEntry(store, 36, (LPENTRYID)eid, &IID_IMessage_, MAPI_BEST_ACCESS,
                                      &type, (LPUNKNOWN *)&m),
             S_OK);
    if (m) {
        CHECK_HR(m->lpVtbl->SetProps(m, 1, &two, NULL), S_OK);
        CHECK_HR(m->lpVtbl->SaveChanges(m, KEEP_OPEN_READWRITE), S_OK); /* enters: ADDED */
        CHECK(WaitFor(t, 1), "row entered the restriction");
        Lock(t);
        CHECK(t->cSeen == 1 && t->seen[0].tableEvent == TABLE_ROW_ADDED &&
                  t->seen[0].indexKey == EidMessage(36, eid) && t->seen[0].priorTag == PR_NULL,
              "a row entering the restriction is ADDED, first in the view (%d seen)", t->cSeen);
        Unlock(t);
        Clear(t);
        CHECK_HR(m->lpVtbl->SetReadFlag(m, 0), S_OK); /* still inside: MODIFIED */
        CHECK(WaitFor(t, 1), "row modified");
        CHECK(t->cSeen == 1 && t->seen[0].tableEvent == TABLE_ROW_MODIFIED &&
                  t->seen[0].indexKey == EidMessage(36, eid),
              "TABLE_ROW_MODIFIED");
        Clear(t);
        two.Value.l = 0;
        CHECK_HR(m->lpVtbl->SetProps(m, 1, &two, NULL), S_OK);
        two.Value.l = 7;
        CHECK_HR(m->lpVtbl->SaveChanges(m, 0), S_OK); /* leaves: DELETED */
        CHECK(WaitFor(t, 1), "row left the restriction");
        CHECK(t->cSeen == 1 && t->seen[0].tableEvent == TABLE_ROW_DELETED &&
                  t->seen[0].indexKey == EidMessage(36, eid),
              "a row leaving the restriction is DELETED");
        m->lpVtbl->Release(m);
    }
    Clear(h);
    LPMAPIFOLDER sub = NULL;
    CHECK_HR(inbox->lpVtbl->CreateFolder(inbox, FOLDER_GENERIC, (LPTSTR) "Zeta", NULL, NULL, 0, &sub),
             S_OK);
    CHECK(WaitFor(h, 1), "hierarchy row added");
    Lock(h);
    const Seen *added = NULL;
    for (int i = 0; i < h->cSeen; i++)
        if (h->seen[i].tableEvent == TABLE_ROW_ADDED)
            added = &h->seen[i];
    CHECK(added && added->rowValues > 0 && added->priorTag == PR_INSTANCE_KEY,
          "TABLE_ROW_ADDED in the hierarchy table, after the last subfolder");
    Unlock(h);
    if (sub)
        sub->lpVtbl->Release(sub);
    CHECK_HR(ct->lpVtbl->Unadvise(ct, hc), MAPI_E_NOT_FOUND); /* the other table's */
    CHECK_HR(ht->lpVtbl->Unadvise(ht, hc), S_OK);
    CHECK_HR(ct->lpVtbl->Unadvise(ct, tc), S_OK);
    int ended = 0;
    for (int i = 0; i < 3000 && !ended; i++, SleepMs(1))
        ended = Stats().cThreads == 0;
    CHECK(ended, "the thread ends after the last Unadvise");

    /* notify.afterUnadvise=1: what was queued at Unadvise is still delivered, then released */
    CHECK_HR(SampleProvider_SetKnobs("notify.afterUnadvise=1;notify.burst=40;notify.batch=8"), S_OK);
    Sink *a = NewSink();
    STORE(&a->block, 1);
    ULONG_PTR ac = 0;
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevObjectModified, (LPMAPIADVISESINK)a, &ac), S_OK);
    for (int i = 0; i < 5000 && !LOAD(&a->inside); i++)
        SleepMs(1);
    CHECK_HR(store->lpVtbl->Unadvise(store, ac), S_OK);
    STORE(&a->block, 0);
    CHECK(WaitFor(a, 40), "all 40 delivered after Unadvise (%d)", a->cSeen);
    for (int i = 0; i < 3000 && LOAD(&a->refs) != 1; i++)
        SleepMs(1);
    CHECK(LOAD(&a->refs) == 1, "then released");
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);

    ct->lpVtbl->Release(ct);
    ht->lpVtbl->Release(ht);
    inbox->lpVtbl->Release(inbox);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);
    FreeSink(t);
    FreeSink(h);
    FreeSink(a);
}

#if !defined(_WIN32)
#include <unistd.h>
/* A store=PATH save that fails (its directory removed): fnevCriticalError, session-wide. */
static void TestCriticalError(void)
{
    char dir[] = "/tmp/kmapi-ntf-XXXXXX", path[80], lock[96], profile[128];
    if (!mkdtemp(dir))
        return;
    snprintf(path, sizeof path, "%s/box.kms", dir);
    snprintf(lock, sizeof lock, "%s.lock", path);
    snprintf(profile, sizeof profile, "Sample;store=%s", path);
    LPMDB store = NULL;
    LPMAPISESSION sess = Logon(profile, &store);
    if (!store)
        return;
    Sink *s = NewSink();
    ULONG_PTR conn = 0;
    CHECK_HR(sess->lpVtbl->Advise(sess, 0, NULL, fnevCriticalError, (LPMAPIADVISESINK)s, &conn),
             S_OK);
    unlink(path);
    unlink(lock);
    rmdir(dir);
    BYTE inboxEid[36], eid[36];
    FolderEid(store, 0, inboxEid);
    LPMAPIFOLDER inbox = OpenFolder(store, inboxEid);
    NewMessage(inbox, "cannot be saved", eid);
    CHECK(WaitFor(s, 1), "critical error arrives");
    CHECK(s->cSeen >= 1 && s->seen[0].ev == fnevCriticalError &&
              s->seen[0].scode == MAPI_E_DISK_ERROR && s->seen[0].ulFlags == 0,
          "fnevCriticalError with MAPI_E_DISK_ERROR");
    inbox->lpVtbl->Release(inbox);
    sess->lpVtbl->Logoff(sess, 0, 0, 0); /* fails too: MAPI_E_DISK_ERROR */
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);
    FreeSink(s);
}
#endif

/* Throughput: notify.burst into a C sink on the notification thread (printed, not asserted). */
static void TestThroughput(void)
{
    LPMDB store = NULL;
    LPMAPISESSION sess = Logon("Sample;notify.burst=200000", &store);
    if (!store)
        return;
    Sink *s = NewSink();
    ULONG_PTR conn = 0;
    double t0 = NowMs();
    CHECK_HR(store->lpVtbl->Advise(store, 0, NULL, fnevObjectModified, (LPMAPIADVISESINK)s, &conn),
             S_OK);
    double t1 = NowMs();
    for (int i = 0; i < 20000 && LOAD(&s->total) < 200000; i++)
        SleepMs(1);
    double t2 = NowMs();
    CHECK(LOAD(&s->total) == 200000, "all delivered (%d)", (int)LOAD(&s->total));
    printf("notify: 200000 burst notifications: queued in %.1f ms, delivered in %.1f ms "
           "(%.0f/s, %d OnNotify calls)\n",
           t1 - t0, t2 - t0, 200000.0 / ((t2 - t0) / 1000.0), (int)LOAD(&s->calls));
    CHECK_HR(store->lpVtbl->Unadvise(store, conn), S_OK);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);

    /* What an advised 100 000-row contents table costs each change (the view diff). */
    sess = Logon("Sample;messages=100000", &store);
    if (!store)
        return;
    BYTE inboxEid[36], eid[36];
    FolderEid(store, 0, inboxEid);
    LPMAPIFOLDER inbox = OpenFolder(store, inboxEid);
    LPMAPITABLE t = NULL;
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, 0, &t), S_OK);
    Clear(s);
    t0 = NowMs();
    NewMessage(inbox, "not advised yet", eid);
    double base = NowMs() - t0;
    t0 = NowMs();
    CHECK_HR(t->lpVtbl->Advise(t, fnevTableModified, (LPMAPIADVISESINK)s, &conn), S_OK);
    t1 = NowMs();
    NewMessage(inbox, "one more", eid);
    t2 = NowMs();
    CHECK(WaitFor(s, 1) && s->seen[0].tableEvent == TABLE_ROW_ADDED, "the row added");
    printf("notify: 100000-row contents table: Advise (first view) %.1f ms, a saved message %.1f ms "
           "(%.1f ms without the advise)\n",
           t1 - t0, t2 - t1, base);
    t->lpVtbl->Release(t);
    inbox->lpVtbl->Release(inbox);
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    store->lpVtbl->Release(store);
    sess->lpVtbl->Release(sess);
    FreeSink(s);
}

int main(void)
{
    t_isMain = 1;
    CHECK_HR(MAPIInitialize(NULL), S_OK);
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
    TestObjectEvents();
    TestBatchAndDeferredRelease();
    TestNewMailAndTables();
    TestTablesMore();
    TestThroughput();
#if !defined(_WIN32)
    TestCriticalError();
#endif
    MAPIUninitialize();

    SampleStats st = Stats();
    for (int i = 0; i < 3000 && (st.cThreads || st.cAdvises || st.cSinkRefs); i++, SleepMs(1))
        st = Stats();
    CHECK(st.cAdvises == 0 && st.cSinkRefs == 0 && st.cNotifyPending == 0,
          "advises %u sinkRefs %u pending %u", (unsigned)st.cAdvises, (unsigned)st.cSinkRefs,
          (unsigned)st.cNotifyPending);
    CHECK(st.cObjects == 0 && st.cBuffers == 0, "objects %u buffers %u", (unsigned)st.cObjects,
          (unsigned)st.cBuffers);
    CHECK(st.cThreads == 0 && st.cHandles == 0, "threads %u handles %u", (unsigned)st.cThreads,
          (unsigned)st.cHandles);
    CHECK(st.cInitializedThreads == 0, "initialized threads %u", (unsigned)st.cInitializedThreads);
    printf("notify: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
