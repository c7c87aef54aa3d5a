/*
 * notify.c - the notification engine (see notify.h and README.md "Notifications").
 *
 * A registration (NtfReg) holds the sink's Advise reference and a FIFO of the notifications queued
 * for it. Raising stages (registration, notification) items while the data-set lock is held; the
 * outermost DS_Unlock moves them to the registrations' FIFOs (Notify_Flush) and, once the lock is
 * released, wakes the notification thread (Notify_AfterUnlock). The thread takes the first ready
 * registration, up to notify.batch of its notifications, and calls OnNotify once for them with no
 * lock held, between an AddRef and a Release of the sink.
 *
 * Unadvise never waits: it marks the registration removed (no new delivery starts), drops what is
 * queued, and releases the sink at once, or, when the thread is inside that sink's OnNotify, the
 * thread releases it right after OnNotify returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "objects.h"

/* ---- Statistics (process-wide) --------------------------------------------------------------- */
static volatile int32_t g_advises;  /* live registrations */
static volatile int32_t g_sinkRefs; /* references on sinks the provider holds */
static volatile int32_t g_pending;  /* staged or queued, not yet delivered */

void Notify_GetStats(ULONG *pcAdvises, ULONG *pcSinkRefs, ULONG *pcPending)
{
    *pcAdvises = (ULONG)Plat_AtomicLoad(&g_advises);
    *pcSinkRefs = (ULONG)Plat_AtomicLoad(&g_sinkRefs);
    *pcPending = (ULONG)Plat_AtomicLoad(&g_pending);
}

/* ---- Structures ------------------------------------------------------------------------------ */
struct NtfBlock {
    volatile int32_t cRef;
    NOTIFICATION *n; /* MAPIAllocateBuffer root; everything it points to is chained to it */
};

typedef struct NtfItem {
    struct NtfItem *next;
    NtfReg *reg;
    NtfBlock *b;
} NtfItem;

struct NtfReg {
    NtfReg *next; /* Notifier.regs */
    ULONG conn;
    ULONG mask;
    NtfTarget target;
    IMAPIAdviseSink *sink; /* the Advise reference; NULL once released (or handed to `held`) */
    int removed;           /* Unadvise'd: no new delivery starts */
    int keepPending;       /* notify.afterUnadvise: what was queued is still delivered, once */
    int hold;              /* notify.holdSink: the sink goes to Notifier.held, not Release */
    int inFlight;          /* a thread is inside OnNotify for it */
    ULONG refs;            /* staged + queued items pointing here */
    NtfItem *qHead, *qTail;
    ULONG cQueued;
    int ready; /* on the ready list */
    NtfReg *readyNext;
};

struct Notifier {
    volatile int32_t cRef; /* the data set's, and the notification thread's */
    PlatLock lock;         /* everything below but `staged*` and `watches` */
    NtfReg *regs;
    NtfReg *readyHead, *readyTail;
    ULONG nextConn;
    int loggedOff, gone;
    int threadRunning;
    ULONG batch; /* notify.batch as of the last Notify_AfterUnlock (the thread never reads knobs:
                  * the data set may be gone) */
    ULONG cLive; /* registrations not removed */
    /* Auto-reset event: work was queued, or the thread should look at the state. It exists while
     * the thread runs (made by EnsureThread, closed by the thread as it ends), so that an idle
     * data set holds no handle. */
    void *wake;
    IMAPIAdviseSink **held; /* notify.holdSink: released when the data set goes */
    ULONG cHeld, capHeld;
    /* Data-set lock: */
    NtfItem *stagedHead, *stagedTail;
    TableWatch *watches;
    void *serverStop; /* deliver.every: manual-reset event that stops the server thread */
};

static Notifier *N(DataSet *ds) { return ds->ntf; }
static void Wake(Notifier *n);

/* ---- Settings -------------------------------------------------------------------------------- */
void Notify_Settings(DataSet *ds, NtfSettings *out)
{
    Knobs global;
    Knobs_GetGlobal(&global);
    NotifyKnobs k;
    memset(&k, 0, sizeof k);
    Knobs_MergeNotify(&k, &global.notify);
    Knobs_MergeNotify(&k, &ds->knobs.notify);
    out->batch = (k.set & NTFK_BATCH) ? k.batch : NTF_DEFAULT_BATCH;
    out->tableRows = (k.set & NTFK_TABLE_ROWS) ? k.tableRows : NTF_DEFAULT_TABLE_ROWS;
    out->burst = (k.set & NTFK_BURST) ? k.burst : 0;
    out->deliverEvery = (k.set & NTFK_EVERY) ? k.every : 0;
    out->deliverCount = (k.set & NTFK_COUNT) ? k.count : 0;
    out->afterUnadvise = (k.boolVal & NTFB_AFTER_UNADVISE) != 0;
    out->callerThread = (k.boolVal & NTFB_CALLER_THREAD) != 0;
    out->nullEntryId = (k.boolVal & NTFB_NULL_ENTRYID) != 0;
    out->holdSink = (k.boolVal & NTFB_HOLD_SINK) != 0;
}

/* ---- Blocks ---------------------------------------------------------------------------------- */
NtfBlock *Ntf_NewBlock(ULONG ulEventType)
{
    NtfBlock *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    if (MAPIAllocateBuffer(sizeof(NOTIFICATION), (void **)&b->n) != S_OK) {
        free(b);
        return NULL;
    }
    memset(b->n, 0, sizeof *b->n);
    b->n->ulEventType = ulEventType;
    b->cRef = 1;
    return b;
}

NOTIFICATION *Ntf_BlockNotif(NtfBlock *b) { return b->n; }
void *Ntf_More(NtfBlock *b, size_t cb) { return Alloc_More(b->n, cb ? cb : 1); }

void Ntf_BlockUnref(NtfBlock *b)
{
    if (Plat_AtomicDec(&b->cRef) == 0) {
        MAPIFreeBuffer(b->n);
        free(b);
    }
}

/* ---- Lifetime -------------------------------------------------------------------------------- */
Notifier *Notify_Create(void)
{
    Notifier *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    PlatLock init = PLAT_LOCK_INIT;
    n->lock = init;
    n->cRef = 1;
    n->nextConn = 1;
    n->batch = NTF_DEFAULT_BATCH;
    return n;
}

static void Notifier_Release(Notifier *n)
{
    if (Plat_AtomicDec(&n->cRef) != 0)
        return;
    if (n->serverStop)
        Plat_CloseHandle(n->serverStop);
    free(n->held);
    free(n);
}

/* Sinks to release once the engine's lock is let go. */
typedef struct SinkList {
    IMAPIAdviseSink **v;
    ULONG c, cap;
} SinkList;

static void ReleaseSinks(SinkList *l)
{
    for (ULONG i = 0; i < l->c; i++) {
        l->v[i]->lpVtbl->Release(l->v[i]);
        Plat_AtomicDec(&g_sinkRefs);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int Push(IMAPIAdviseSink ***v, ULONG *c, ULONG *cap, IMAPIAdviseSink *s)
{
    if (*c == *cap) {
        ULONG nc = *cap ? *cap * 2 : 8;
        IMAPIAdviseSink **nv = realloc(*v, nc * sizeof *nv);
        if (!nv)
            return 0;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*c)++] = s;
    return 1;
}

/* The registration is done with its sink (lock held): into `out` to release, or kept (holdSink, or
 * when out of memory for the list) until the data set goes. */
static void SinkDone(Notifier *n, NtfReg *r, SinkList *out)
{
    if (!r->sink)
        return;
    int released = !(r->hold && !n->gone) && Push(&out->v, &out->c, &out->cap, r->sink);
    if (!released && !Push(&n->held, &n->cHeld, &n->capHeld, r->sink)) {
        /* no memory even for the held list: keep it on the registration (never freed) */
        return;
    }
    r->sink = NULL;
}

static void UnlinkReady(Notifier *n, NtfReg *r)
{
    if (!r->ready)
        return;
    NtfReg **pp = &n->readyHead, *prev = NULL;
    while (*pp && *pp != r) {
        prev = *pp;
        pp = &(*pp)->readyNext;
    }
    if (*pp) {
        *pp = r->readyNext;
        if (n->readyTail == r)
            n->readyTail = prev;
    }
    r->ready = 0;
    r->readyNext = NULL;
}

static void MakeReady(Notifier *n, NtfReg *r)
{
    if (r->ready || !r->cQueued)
        return;
    r->ready = 1;
    r->readyNext = NULL;
    if (n->readyTail)
        n->readyTail->readyNext = r;
    else
        n->readyHead = r;
    n->readyTail = r;
}

static void FreeItem(NtfItem *it)
{
    Ntf_BlockUnref(it->b);
    it->reg->refs--;
    free(it);
    Plat_AtomicDec(&g_pending);
}

static void DropQueue(Notifier *n, NtfReg *r)
{
    UnlinkReady(n, r);
    while (r->qHead) {
        NtfItem *it = r->qHead;
        r->qHead = it->next;
        FreeItem(it);
    }
    r->qTail = NULL;
    r->cQueued = 0;
}

/* Frees a registration nobody needs any more (lock held). */
static void MaybeFree(Notifier *n, NtfReg *r)
{
    if (!r->removed || r->inFlight || r->refs || r->sink)
        return;
    for (NtfReg **pp = &n->regs; *pp; pp = &(*pp)->next) {
        if (*pp == r) {
            *pp = r->next;
            break;
        }
    }
    free(r);
}

/* Unadvise's work (lock held). */
static void RemoveReg(Notifier *n, NtfReg *r, int keepPending, int hold, SinkList *out)
{
    r->removed = 1;
    r->keepPending = keepPending && r->cQueued;
    r->hold = hold;
    n->cLive--;
    Plat_AtomicDec(&g_advises);
    if (!r->keepPending)
        DropQueue(n, r);
    if (!r->inFlight && !r->cQueued)
        SinkDone(n, r, out);
    MaybeFree(n, r);
}

static void DropStaged(Notifier *n)
{
    while (n->stagedHead) {
        NtfItem *it = n->stagedHead;
        n->stagedHead = it->next;
        FreeItem(it);
    }
    n->stagedTail = NULL;
}

void Notify_DataSetGone(DataSet *ds)
{
    Notifier *n = N(ds);
    if (!n)
        return;
    SinkList rel = {0};
    Ntf_FreeWatches(ds);
    Plat_Lock(&n->lock);
    n->gone = 1;
    DropStaged(n);
    for (NtfReg *r = n->regs, *next; r; r = next) {
        next = r->next;
        if (!r->removed) {
            RemoveReg(n, r, 0, 0, &rel);
        } else if (!r->inFlight) {
            DropQueue(n, r); /* afterUnadvise leftovers: the data set is gone */
            r->hold = 0;
            SinkDone(n, r, &rel);
            MaybeFree(n, r);
        }
    }
    SinkList held = {n->held, n->cHeld, n->capHeld}; /* notify.holdSink's, released now */
    n->held = NULL;
    n->cHeld = n->capHeld = 0;
    Plat_Unlock(&n->lock);
    ReleaseSinks(&rel);
    ReleaseSinks(&held);
    Wake(n); /* a thread still running sees `gone` and ends */
    ds->ntf = NULL;
    Notifier_Release(n);
}

void Notify_Logoff(DataSet *ds)
{
    Notifier *n = N(ds);
    if (!n)
        return;
    NtfSettings s;
    Notify_Settings(ds, &s);
    SinkList rel = {0};
    Plat_Lock(&n->lock);
    n->loggedOff = 1;
    for (NtfReg *r = n->regs, *next; r; r = next) {
        next = r->next;
        if (!r->removed)
            RemoveReg(n, r, s.afterUnadvise, s.holdSink, &rel);
    }
    void *stop = n->serverStop;
    Plat_Unlock(&n->lock);
    ReleaseSinks(&rel);
    if (stop)
        Plat_SetEvent(stop);
    Wake(n);
}

/* ---- Staging (data-set lock held) ------------------------------------------------------------ */
static void StageFor(Notifier *n, NtfReg *r, NtfBlock *b)
{
    NtfItem *it = malloc(sizeof *it);
    if (!it)
        return; /* out of memory: that notification is lost (MAPI's engine drops them too) */
    it->next = NULL;
    it->reg = r;
    it->b = b;
    Plat_AtomicInc(&b->cRef);
    r->refs++;
    Plat_AtomicInc(&g_pending);
    if (n->stagedTail)
        n->stagedTail->next = it;
    else
        n->stagedHead = it;
    n->stagedTail = it;
}

static int SameId(const EntryId *a, const EntryId *b)
{
    return a->objType == b->objType && a->store == b->store && a->folder == b->folder &&
           a->message == b->message;
}

void Ntf_StageObject(DataSet *ds, NtfBlock *b, ULONG storeIndex, const EntryId *ids[4])
{
    Notifier *n = N(ds);
    if (!n || !b)
        return;
    ULONG ev = b->n->ulEventType;
    Plat_Lock(&n->lock);
    for (NtfReg *r = n->regs; r; r = r->next) {
        if (r->removed || !(r->mask & ev))
            continue;
        int match = 0;
        if (r->target.kind == NTF_REG_STORE) {
            match = r->target.id.store == storeIndex;
        } else if (r->target.kind == NTF_REG_OBJECT) {
            for (int i = 0; i < 4 && !match; i++)
                match = ids[i] && SameId(ids[i], &r->target.id);
        }
        if (match)
            StageFor(n, r, b);
    }
    Plat_Unlock(&n->lock);
}

void Ntf_StageSessionWide(DataSet *ds, NtfBlock *b)
{
    Notifier *n = N(ds);
    if (!n || !b)
        return;
    Plat_Lock(&n->lock);
    for (NtfReg *r = n->regs; r; r = r->next)
        if (!r->removed && r->target.kind == NTF_REG_SESSION && (r->mask & b->n->ulEventType))
            StageFor(n, r, b);
    Plat_Unlock(&n->lock);
}

void Ntf_StageTable(DataSet *ds, NtfBlock *b, LPMAPITABLE table)
{
    Notifier *n = N(ds);
    if (!n || !b)
        return;
    Plat_Lock(&n->lock);
    for (NtfReg *r = n->regs; r; r = r->next)
        if (!r->removed && r->target.kind == NTF_REG_TABLE && r->target.table == table &&
            (r->mask & fnevTableModified))
            StageFor(n, r, b);
    Plat_Unlock(&n->lock);
}

TableWatch **Ntf_Watches(DataSet *ds) { return &N(ds)->watches; }

int Ntf_HasRegs(DataSet *ds)
{
    Notifier *n = N(ds);
    if (!n)
        return 0;
    Plat_Lock(&n->lock);
    int any = n->regs != NULL;
    Plat_Unlock(&n->lock);
    return any;
}

int Notify_Flush(DataSet *ds)
{
    Notifier *n = N(ds);
    if (!n)
        return 0;
    if (n->watches)
        Ntf_DiffTables(ds);
    if (!n->stagedHead)
        return 0;
    int queued = 0;
    Plat_Lock(&n->lock);
    while (n->stagedHead) {
        NtfItem *it = n->stagedHead;
        n->stagedHead = it->next;
        it->next = NULL;
        NtfReg *r = it->reg;
        if (!r->sink || (r->removed && !r->keepPending)) {
            FreeItem(it);
            MaybeFree(n, r);
            continue;
        }
        if (r->qTail)
            r->qTail->next = it;
        else
            r->qHead = it;
        r->qTail = it;
        r->cQueued++;
        MakeReady(n, r);
        queued = 1;
    }
    n->stagedTail = NULL;
    Plat_Unlock(&n->lock);
    return queued;
}

/* ---- Delivery -------------------------------------------------------------------------------- */
/* One OnNotify call for the first ready registration no other thread is delivering to. Returns 0
 * when there was nothing to deliver. No lock is held while the sink runs. */
static int DeliverOne(Notifier *n)
{
    Plat_Lock(&n->lock);
    ULONG batch = n->batch;
    NtfReg *r = n->readyHead;
    while (r && r->inFlight)
        r = r->readyNext;
    if (!r) {
        Plat_Unlock(&n->lock);
        return 0;
    }
    ULONG k = r->cQueued < batch ? r->cQueued : batch;
    NtfItem *first = r->qHead, *last = first;
    for (ULONG i = 1; i < k; i++)
        last = last->next;
    r->qHead = last->next;
    if (!r->qHead)
        r->qTail = NULL;
    last->next = NULL;
    r->cQueued -= k;
    UnlinkReady(n, r);
    MakeReady(n, r); /* to the back of the line when more is left: sinks take turns */
    r->inFlight = 1;
    IMAPIAdviseSink *sink = r->sink;
    Plat_Unlock(&n->lock);

    NOTIFICATION *arr = NULL;
    if (MAPIAllocateBuffer((ULONG)(k * sizeof *arr), (void **)&arr) == S_OK) {
        ULONG i = 0;
        for (NtfItem *it = first; it; it = it->next)
            arr[i++] = *it->b->n; /* the pointers inside stay the blocks' */
        sink->lpVtbl->AddRef(sink);
        Plat_AtomicInc(&g_sinkRefs);
        sink->lpVtbl->OnNotify(sink, k, arr);
        sink->lpVtbl->Release(sink);
        Plat_AtomicDec(&g_sinkRefs);
        MAPIFreeBuffer(arr);
    }

    SinkList rel = {0};
    Plat_Lock(&n->lock);
    while (first) {
        NtfItem *it = first;
        first = it->next;
        FreeItem(it);
    }
    r->inFlight = 0;
    if (r->removed && !r->cQueued)
        SinkDone(n, r, &rel); /* the Release Unadvise deferred until OnNotify returned */
    MaybeFree(n, r);
    Plat_Unlock(&n->lock);
    ReleaseSinks(&rel);
    return 1;
}

static uint32_t NotifyThread(void *arg)
{
    Notifier *n = arg;
    int inited = MAPIInitialize(NULL) == S_OK; /* a C sink may call the provider from here */
    Plat_Lock(&n->lock);
    void *wake = n->wake; /* the thread's: it closes it as it ends */
    Plat_Unlock(&n->lock);
    for (;;) {
        if (DeliverOne(n))
            continue;
        Plat_Lock(&n->lock);
        /* Ends once nothing is left to deliver and nothing is registered (every Unadvise done, or
         * Logoff, or the data set gone); never joined: whoever queues next starts a new one. */
        int done = !n->readyHead && (n->loggedOff || n->gone || n->cLive == 0);
        if (done) {
            n->threadRunning = 0;
            n->wake = NULL;
        }
        Plat_Unlock(&n->lock);
        if (done)
            break;
        Plat_WaitForSingleObject(wake, 1000);
    }
    Plat_CloseHandle(wake);
    if (inited)
        MAPIUninitialize();
    Notifier_Release(n);
    return 0;
}

/* Starts the notification thread unless it runs (lock not held). */
static void EnsureThread(Notifier *n)
{
    Plat_Lock(&n->lock);
    int start = !n->threadRunning && (n->readyHead || n->cLive) && !n->gone;
    if (start && !(n->wake = Plat_CreateEvent(0, 0)))
        start = 0;
    if (start) {
        n->threadRunning = 1;
        Plat_AtomicInc(&n->cRef); /* the thread's */
    }
    Plat_Unlock(&n->lock);
    if (!start)
        return;
    void *h = Plat_CreateThread(NotifyThread, n);
    if (h) {
        Plat_CloseHandle(h); /* never joined: the thread ends on its own */
        return;
    }
    Plat_Lock(&n->lock);
    n->threadRunning = 0;
    Plat_CloseHandle(n->wake);
    n->wake = NULL;
    Plat_Unlock(&n->lock);
    Notifier_Release(n);
}

/* Tells the thread to look (lock not held). */
static void Wake(Notifier *n)
{
    Plat_Lock(&n->lock);
    if (n->wake)
        Plat_SetEvent(n->wake);
    Plat_Unlock(&n->lock);
}

void Notify_AfterUnlock(DataSet *ds)
{
    Notifier *n = N(ds);
    if (!n)
        return;
    NtfSettings s;
    Notify_Settings(ds, &s);
    Plat_Lock(&n->lock);
    n->batch = s.batch;
    Plat_Unlock(&n->lock);
    if (s.callerThread) {
        /* notify.callerThread=1: on the thread that made the change, now that the data-set lock
         * is released (a registration another thread is delivering to is left to that thread). */
        while (DeliverOne(n))
            ;
        return;
    }
    EnsureThread(n);
    Wake(n);
}

/* ==============================================================================================
 * Advise / Unadvise
 * ============================================================================================ */
HRESULT Notify_ResolveTarget(ObjHeader *h, const char *method, const StoreRec *store,
                             ULONG cbEntryID, LPENTRYID lpEntryID, NtfTarget *out)
{
    memset(out, 0, sizeof *out);
    out->ownerKind = store ? NTF_OWNER_STORE : NTF_OWNER_SESSION;
    out->ownerKey = store ? store->index : 0;
    if (!lpEntryID || !cbEntryID) {
        out->kind = store ? NTF_REG_STORE : NTF_REG_SESSION;
        if (store)
            out->id = Eid_OfStore(store);
        return S_OK;
    }
    EntryId id;
    if (Eid_Parse(cbEntryID, lpEntryID, &id) != S_OK)
        return Obj_Fail(h, method, MAPI_E_INVALID_ENTRYID,
                        "not an entry id of this provider (%lu bytes)", (unsigned long)cbEntryID);
    if (store && id.store != store->index)
        return Obj_Fail(h, method, MAPI_E_INVALID_ENTRYID, "the entry id belongs to another store");
    DataSet *ds = h->ds;
    DS_Lock(ds);
    StoreRec *s = DS_StoreByIndex(ds, id.store);
    FolderRec *f = s && id.objType != MAPI_STORE ? Store_FindFolder(s, id.folder) : NULL;
    MsgRec *m = f && id.objType == MAPI_MESSAGE ? Store_FindMessage(s, id.message) : NULL;
    int found = s && (id.objType == MAPI_STORE || (id.objType == MAPI_FOLDER && f) ||
                      (id.objType == MAPI_MESSAGE && m && m->folder == f));
    DS_Unlock(ds);
    if (!found)
        return Obj_Fail(h, method, MAPI_E_NOT_FOUND,
                        "no such object (type %lu, store %lu, folder %lu, message %lu)",
                        (unsigned long)id.objType, (unsigned long)id.store,
                        (unsigned long)id.folder, (unsigned long)id.message);
    out->kind = id.objType == MAPI_STORE ? NTF_REG_STORE : NTF_REG_OBJECT;
    out->id = id;
    return S_OK;
}

/* notify.burst=N: N fnevObjectModified for the advised object, one shared block (lock held). */
static void StageBurst(DataSet *ds, NtfReg *r, ULONG count, int nullEid)
{
    const EntryId *id = &r->target.id;
    NtfBlock *b = Ntf_NewBlock(fnevObjectModified);
    if (!b)
        return;
    OBJECT_NOTIFICATION *o = &Ntf_BlockNotif(b)->info.obj;
    o->ulObjType = id->objType;
    if (!nullEid && (o->lpEntryID = Ntf_More(b, EID_SIZE)) != NULL) {
        o->cbEntryID = EID_SIZE;
        Eid_Write(id, (BYTE *)o->lpEntryID);
    }
    StoreRec *s = DS_StoreByIndex(ds, id->store);
    FolderRec *f = s && id->objType != MAPI_STORE ? Store_FindFolder(s, id->folder) : NULL;
    EntryId parent;
    int hasParent = 0;
    if (f && id->objType == MAPI_MESSAGE)
        parent = Eid_OfFolder(f), hasParent = 1;
    else if (f && f->parent)
        parent = Eid_OfFolder(f->parent), hasParent = 1;
    if (hasParent && (o->lpParentID = Ntf_More(b, EID_SIZE)) != NULL) {
        o->cbParentID = EID_SIZE;
        Eid_Write(&parent, (BYTE *)o->lpParentID);
    }
    Notifier *n = N(ds);
    Plat_Lock(&n->lock);
    for (ULONG i = 0; i < count; i++)
        StageFor(n, r, b);
    Plat_Unlock(&n->lock);
    Ntf_BlockUnref(b);
}

HRESULT Notify_Advise(ObjHeader *h, const char *method, const NtfTarget *t, ULONG ulEventMask,
                      LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection)
{
    if (!lpAdviseSink || !lpulConnection)
        return Obj_Fail(h, method, MAPI_E_INVALID_PARAMETER, "NULL %s",
                        lpAdviseSink ? "lpulConnection" : "lpAdviseSink");
    if (!ulEventMask)
        return Obj_Fail(h, method, MAPI_E_INVALID_PARAMETER, "ulEventMask is 0");
    DataSet *ds = h->ds;
    Notifier *n = N(ds);
    NtfReg *r = calloc(1, sizeof *r);
    if (!r || !n) {
        free(r);
        return Obj_Fail(h, method, MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    }
    NtfSettings s;
    Notify_Settings(ds, &s);
    r->mask = ulEventMask;
    r->target = *t;
    DS_Lock(ds);
    if (t->kind == NTF_REG_TABLE && Ntf_WatchTable(ds, t->table) != S_OK) {
        DS_Unlock(ds);
        free(r);
        return Obj_Fail(h, method, MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    }
    lpAdviseSink->lpVtbl->AddRef(lpAdviseSink); /* the registration's reference */
    Plat_AtomicInc(&g_sinkRefs);
    Plat_Lock(&n->lock);
    r->sink = lpAdviseSink;
    r->conn = n->nextConn++; /* nonzero, never reused in this data set */
    r->next = n->regs;
    n->regs = r;
    n->cLive++;
    Plat_AtomicInc(&g_advises);
    Plat_Unlock(&n->lock);
    if (s.burst && (ulEventMask & fnevObjectModified) &&
        (t->kind == NTF_REG_STORE || t->kind == NTF_REG_OBJECT))
        StageBurst(ds, r, s.burst, s.nullEntryId);
    *lpulConnection = r->conn;
    DS_Unlock(ds); /* the burst becomes deliverable here */
    if (!s.callerThread)
        EnsureThread(n); /* started at the first Advise; it ends when nothing is registered */
    return S_OK;
}

/* Removes the live registrations that match (lock not held); returns how many went. */
static ULONG RemoveMatching(DataSet *ds, ULONG conn, ULONG ownerKind, uintptr_t ownerKey,
                            LPMAPITABLE table)
{
    Notifier *n = N(ds);
    if (!n)
        return 0;
    NtfSettings s;
    Notify_Settings(ds, &s);
    SinkList rel = {0};
    ULONG removed = 0;
    Plat_Lock(&n->lock);
    for (NtfReg *r = n->regs, *next; r; r = next) {
        next = r->next;
        int match = !r->removed &&
                    (table ? r->target.kind == NTF_REG_TABLE && r->target.table == table
                           : r->conn == conn && r->target.ownerKind == ownerKind &&
                                 r->target.ownerKey == ownerKey);
        if (match) {
            if (r->target.kind == NTF_REG_TABLE)
                removed++;
            else
                removed |= 0x80000000u;
            RemoveReg(n, r, s.afterUnadvise, s.holdSink, &rel);
        }
    }
    Plat_Unlock(&n->lock);
    ReleaseSinks(&rel); /* never waits for a delivery in progress */
    if (removed)
        Wake(n); /* with nothing registered any more, the thread ends now */
    return removed;
}

HRESULT Notify_Unadvise(ObjHeader *h, const char *method, ULONG ownerKind, uintptr_t ownerKey,
                        ULONG_PTR ulConnection)
{
    DataSet *ds = h->ds;
    ULONG removed = ulConnection ? RemoveMatching(ds, (ULONG)ulConnection, ownerKind, ownerKey,
                                                  NULL)
                                 : 0;
    if (!removed)
        return Obj_Fail(h, method, MAPI_E_NOT_FOUND, "no connection %lu on this object",
                        (unsigned long)ulConnection);
    if (ownerKind == NTF_OWNER_TABLE) {
        DS_Lock(ds);
        Ntf_UnwatchTable(ds, (LPMAPITABLE)ownerKey);
        DS_Unlock(ds);
    }
    return S_OK;
}

void Notify_TableGone(DataSet *ds, LPMAPITABLE table)
{
    ULONG removed = RemoveMatching(ds, 0, NTF_OWNER_TABLE, (uintptr_t)table, table);
    DS_Lock(ds);
    for (ULONG i = 0; i < removed; i++)
        Ntf_UnwatchTable(ds, table);
    DS_Unlock(ds);
}

/* ==============================================================================================
 * deliver.every: the simulated server delivering new mail
 * ============================================================================================ */
typedef struct Server {
    DataSet *ds; /* referenced: the data set lives while the thread runs */
    void *stop;  /* the thread's handle to Notifier.serverStop */
    ULONG every, count;
} Server;

/* "Delivery N" into the default store's Inbox (lock held). */
static void DeliverOneMessage(DataSet *ds, ULONG nth)
{
    StoreRec *s = DS_StoreByIndex(ds, 1);
    if (!s || !s->inbox)
        return;
    char subject[48];
    snprintf(subject, sizeof subject, "Delivery %lu", (unsigned long)nth);
    WCHAR *wsubj = WStrFromA(subject);
    PropBag bag = {0};
    FILETIME now = Ft_FromU64(Plat_NowFileTime());
    HRESULT hr = wsubj ? Bag_SetW(&bag, PR_SUBJECT_W, wsubj) : MAPI_E_NOT_ENOUGH_MEMORY;
    if (hr == S_OK)
        hr = Bag_SetW(&bag, PR_MESSAGE_CLASS_W, u"IPM.Note");
    if (hr == S_OK)
        hr = Bag_SetW(&bag, PR_SENDER_NAME_W, u"Sample Delivery");
    if (hr == S_OK)
        hr = Bag_SetW(&bag, PR_SENDER_EMAIL_ADDRESS_W, u"delivery@sample.invalid");
    if (hr == S_OK)
        hr = Bag_SetW(&bag, PR_DISPLAY_TO_W, u"Sample User");
    if (hr == S_OK)
        hr = Bag_SetW(&bag, PR_BODY_W, u"Delivered by the deliver.every knob of the koffi-mapi "
                                       u"sample provider.");
    if (hr == S_OK)
        hr = Bag_SetLong(&bag, PR_MESSAGE_FLAGS, 0); /* unread */
    if (hr == S_OK)
        hr = Bag_SetLong(&bag, PR_IMPORTANCE, 1);
    if (hr == S_OK)
        hr = Bag_SetTime(&bag, PR_MESSAGE_DELIVERY_TIME, now);
    if (hr == S_OK)
        hr = Bag_SetTime(&bag, PR_CLIENT_SUBMIT_TIME, now);
    if (hr == S_OK)
        hr = Bag_SetTime(&bag, PR_CREATION_TIME, now);
    if (hr == S_OK)
        hr = Bag_SetTime(&bag, PR_LAST_MODIFICATION_TIME, now);
    MsgRec *m = NULL;
    if (hr == S_OK && Data_AddMessage(s->inbox, Data_NewMessageId(s), &bag, NULL, &m) == S_OK)
        Ntf_NewMail(m);
    Bag_Free(&bag);
    free(wsubj);
}

static uint32_t ServerThread(void *arg)
{
    Server *sv = arg;
    DataSet *ds = sv->ds;
    int inited = MAPIInitialize(NULL) == S_OK;
    for (ULONG nth = 1; sv->count == 0 || nth <= sv->count; nth++) {
        if (Plat_WaitForSingleObject(sv->stop, sv->every) != PLAT_WAIT_TIMEOUT)
            break; /* Logoff */
        /* Nobody but this thread holds the data set: every object was released without Logoff. */
        if (Plat_AtomicLoad(&ds->cRef) == 1)
            break;
        DS_Lock(ds);
        int off = ds->loggedOff;
        if (!off)
            DeliverOneMessage(ds, nth);
        DS_Unlock(ds); /* the notifications go out from here, as any change's */
        if (off)
            break;
    }
    Plat_CloseHandle(sv->stop);
    if (inited)
        MAPIUninitialize();
    DS_Release(ds);
    free(sv);
    return 0;
}

void Notify_StartServer(DataSet *ds)
{
    Notifier *n = N(ds);
    NtfSettings s;
    Notify_Settings(ds, &s);
    if (!n || !s.deliverEvery)
        return;
    Server *sv = calloc(1, sizeof *sv);
    void *stop = Plat_CreateEvent(1, 0);
    void *dup = stop ? Plat_DuplicateHandle(stop) : NULL;
    if (!sv || !dup) {
        free(sv);
        if (stop)
            Plat_CloseHandle(stop);
        return;
    }
    sv->ds = ds;
    sv->stop = dup;
    sv->every = s.deliverEvery;
    sv->count = s.deliverCount;
    n->serverStop = stop;
    DS_AddRef(ds);
    void *h = Plat_CreateThread(ServerThread, sv);
    if (!h) {
        Plat_CloseHandle(dup);
        DS_Release(ds);
        free(sv);
        return;
    }
    Plat_CloseHandle(h); /* not joined: Logoff signals the stop event and the thread ends */
}
