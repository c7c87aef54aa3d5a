/*
 * merge.c - one store file shared by several logons, in this process and in others (README.md
 * "Persistence"): what another logon saved is applied to this logon's data set through the same
 * Data_* change functions a local change goes through, so open objects, tables and notifications
 * see it as they see a local change; and the store.poll thread, which makes an idle logon (one
 * that only watches) pick those changes up.
 *
 * persist.c decodes the file into a scratch data set (the loader's own code and checks) when a
 * transaction finds its generation moved; Merge_Apply then makes the live data set equal to it:
 *   1. folders, in the file's order (a parent before its children): new ones are created with
 *      their ids, moved ones re-parented (Data_MoveFolder), changed properties replaced;
 *   2. messages by id: new ones added with their ids, changed ones (as the file stores them:
 *      Persist_SameBag / Persist_SameSubs) updated, ones now in another folder moved, ones gone
 *      deleted; generated runs the same way (a generated record equals one with its index);
 *   3. folders the file no longer has, deleted with what is left in them (Data_DeleteFolderTree);
 *   4. store properties, the named-property map, next ids (the larger), sync run counters.
 * Records are never freed under an object: a folder record is marked deleted (objects keep their
 * reference), and messages are looked up by id, as every local deletion does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist.h"

/* ==============================================================================================
 * Notification hooks
 *
 * Data_AddMessage, Data_UpdateMessage, Data_DeleteMessage, Data_MoveFolder and
 * Data_DeleteFolderTree raise their own notifications (the engine's hooks are in data.c). The
 * changes merge.c makes besides them raise through the functions below, which call the
 * notification engine (notify.h) when it is built in and do nothing when it is not.
 * ============================================================================================ */
#if defined(__has_include)
#if __has_include("notify.h")
#include "notify.h"
#define MERGE_NOTIFY 1
#endif
#endif

/* Silences the Data_* hooks while one change is made of two (a move: a delete and an add). */
static void Hook_Quiet(DataSet *ds, int delta)
{
#ifdef MERGE_NOTIFY
    ds->ntfQuiet = (ULONG)((LONG)ds->ntfQuiet + delta);
#else
    (void)ds, (void)delta;
#endif
}

static void Hook_FolderCreated(FolderRec *f)
{
#ifdef MERGE_NOTIFY
    Ntf_FolderCreated(f);
#else
    (void)f;
#endif
}

static void Hook_FolderModified(FolderRec *f, const ULONG *tags, ULONG cTags)
{
#ifdef MERGE_NOTIFY
    Ntf_FolderModified(f, tags, cTags);
#else
    (void)f, (void)tags, (void)cTags;
#endif
}

static void Hook_StoreModified(StoreRec *s, const ULONG *tags, ULONG cTags)
{
#ifdef MERGE_NOTIFY
    Ntf_StoreModified(s, tags, cTags);
#else
    (void)s, (void)tags, (void)cTags;
#endif
}

static void Hook_MessageMoved(MsgRec *m, const EntryId *oldId, const EntryId *oldParent)
{
#ifdef MERGE_NOTIFY
    Ntf_MessageCopied(m, oldId, oldParent, 1);
#else
    (void)m, (void)oldId, (void)oldParent;
#endif
}

/* Another logon's message that arrived in the Inbox, not one written there unsent (a draft): new
 * mail, as the submit loopback and the simulated server raise it where the delivery happened. */
static void Hook_NewMail(MsgRec *m)
{
#ifdef MERGE_NOTIFY
    if (m->folder == m->folder->store->inbox && !(m->flags & MSGFLAG_UNSENT))
        Ntf_NewMail(m);
#else
    (void)m;
#endif
}

/* The watcher polls only while someone is advised (with the engine; without it, always). */
static int Hook_Watched(DataSet *ds)
{
#ifdef MERGE_NOTIFY
    return Ntf_HasRegs(ds);
#else
    (void)ds;
    return 1;
#endif
}

/* ==============================================================================================
 * Merging
 * ============================================================================================ */
typedef struct Merge {
    DataSet *ds;
    char *err;
    size_t cbErr;
    HRESULT hr;
} Merge;

static int Oom(Merge *mg)
{
    if (mg->hr == S_OK) {
        mg->hr = MAPI_E_NOT_ENOUGH_MEMORY;
        snprintf(mg->err, mg->cbErr, "out of memory merging the store file %s",
                 mg->ds->knobs.store);
    }
    return 0;
}

/* The tags whose values differ between two bags (changed, added or deleted). */
static int ChangedTags(const PropBag *old, const PropBag *nb, TagList *out)
{
    for (ULONG i = 0; i < nb->c; i++) {
        const SPropValue *v = nb->v[i], *o = Bag_Get(old, PROP_ID(v->ulPropTag));
        ULONG t = PROP_TYPE(v->ulPropTag);
        int tree = t == PT_SRESTRICTION || t == PT_ACTIONS; /* Prop_Compare does not look inside */
        if ((!o || o->ulPropTag != v->ulPropTag || tree || Prop_Compare(o, v, 0) != 0) &&
            !TagList_Add(out, v->ulPropTag))
            return 0;
    }
    for (ULONG i = 0; i < old->c; i++)
        if (!Bag_Get(nb, PROP_ID(old->v[i]->ulPropTag)) && !TagList_Add(out, old->v[i]->ulPropTag))
            return 0;
    return 1;
}

/* dst becomes a copy of src when they differ as the file stores them; *tags: what changed. */
static int ReplaceBag(Merge *mg, PropBag *dst, const PropBag *src, TagList *tags, int *changed)
{
    *changed = 0;
    if (Persist_SameBag(dst, src))
        return 1;
    PropBag nb = {0};
    if (Bag_CopyFrom(&nb, src) != S_OK || !ChangedTags(dst, &nb, tags)) {
        Bag_Free(&nb);
        return Oom(mg);
    }
    Bag_Free(dst);
    *dst = nb;
    *changed = 1;
    mg->ds->changeGen++;
    return 1;
}

static int MergeFolderProps(Merge *mg, FolderRec *live, const FolderRec *file)
{
    TagList tags = {0};
    int changed, ok = ReplaceBag(mg, &live->props, &file->props, &tags, &changed);
    if (ok && changed)
        Hook_FolderModified(live, tags.tags, tags.c);
    TagList_Free(&tags);
    return ok;
}

/* Step 1: every folder of the file exists in live, under the same parent, with its properties.
 * The file lists a parent before its children, so a parent is in place (under its own parent)
 * when a child is moved under it, and no move makes a cycle. */
static int MergeFolders(Merge *mg, StoreRec *live, StoreRec *file)
{
    for (ULONG i = 0; i < file->cFolders; i++) {
        FolderRec *ff = file->folders[i], *lf = Store_FindFolder(live, ff->id);
        FolderRec *parent = ff->parent ? Store_FindFolder(live, ff->parent->id) : NULL;
        if (ff->parent && !parent)
            return Oom(mg); /* cannot happen: the parent came first */
        if (!lf) {
            if (!parent) {
                snprintf(mg->err, mg->cbErr, "store file %s was replaced by another store",
                         mg->ds->knobs.store);
                mg->hr = MAPI_E_CORRUPT_STORE;
                return 0;
            }
            if (!(lf = Data_LoadFolder(live, parent, ff->id, ff->folderType)) ||
                Bag_CopyFrom(&lf->props, &ff->props) != S_OK)
                return Oom(mg);
            mg->ds->changeGen++;
            Hook_FolderCreated(lf);
            continue;
        }
        if (parent && lf->parent != parent && Data_MoveFolder(lf, parent, NULL) != S_OK)
            return Oom(mg);
        if (!MergeFolderProps(mg, lf, ff))
            return 0;
    }
    return 1;
}

/* A file record's properties and parts: its own, or its generated ones made real. */
typedef struct FileMsg {
    const PropBag *bag;
    const SubObjs *subs;
    PropBag genBag;
    SubObjs genSubs;
} FileMsg;

static int FileMsg_Get(Merge *mg, const MsgRec *fm, FileMsg *out)
{
    memset(out, 0, sizeof *out);
    out->bag = fm->bag ? fm->bag : &out->genBag;
    out->subs = fm->bag ? fm->subs : &out->genSubs;
    if (fm->bag)
        return 1;
    return Data_MaterializeMessage(fm, &out->genBag) == S_OK &&
                   Data_MaterializeSubs(fm, &out->genSubs) == S_OK
               ? 1
               : Oom(mg);
}

static void FileMsg_Free(FileMsg *x)
{
    Bag_Free(&x->genBag);
    Subs_Free(&x->genSubs);
}

/* A message that the file has in another folder than live does: delete and add with its id, one
 * fnevObjectMoved. */
static int MoveMessage(Merge *mg, MsgRec *lm, FolderRec *dest, const MsgRec *fm)
{
    FileMsg x;
    if (!FileMsg_Get(mg, fm, &x)) {
        FileMsg_Free(&x);
        return 0;
    }
    EntryId oldId = Eid_OfMessage(lm), oldParent = Eid_OfFolder(lm->folder);
    ULONG id = lm->id;
    MsgRec *m = NULL;
    Hook_Quiet(mg->ds, +1);
    Data_DeleteMessage(lm);
    HRESULT hr = Data_AddMessage(dest, id, x.bag, x.subs, &m);
    Hook_Quiet(mg->ds, -1);
    FileMsg_Free(&x);
    if (hr != S_OK)
        return Oom(mg);
    Hook_MessageMoved(m, &oldId, &oldParent);
    return 1;
}

static int SameMessage(const MsgRec *lm, const MsgRec *fm)
{
    if (!lm->bag || !fm->bag) /* generated: equal when both are, with the same index */
        return !lm->bag && !fm->bag && lm->genIndex == fm->genIndex;
    return Persist_SameBag(lm->bag, fm->bag) && Persist_SameSubs(lm->subs, fm->subs);
}

static int MergeMessage(Merge *mg, StoreRec *live, FolderRec *lf, const MsgRec *fm)
{
    MsgRec *lm = Store_FindMessage(live, fm->id);
    if (lm && lm->folder != lf)
        return MoveMessage(mg, lm, lf, fm);
    if (lm && SameMessage(lm, fm))
        return 1;
    FileMsg x;
    HRESULT hr = FileMsg_Get(mg, fm, &x) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
    if (hr == S_OK && lm)
        hr = Data_UpdateMessage(lm, x.bag, x.subs);
    else if (hr == S_OK && (hr = Data_AddMessage(lf, fm->id, x.bag, x.subs, &lm)) == S_OK)
        Hook_NewMail(lm);
    FileMsg_Free(&x);
    return hr == S_OK ? 1 : Oom(mg);
}

/* Step 2 for one folder: the file's messages in, then the ones it no longer has out. */
static int MergeMessages(Merge *mg, StoreRec *live, StoreRec *file, FolderRec *lf, FolderRec *ff)
{
    if (!lf)
        return Oom(mg); /* cannot happen: step 1 made every folder */
    for (ULONG i = 0; i < ff->cMsgs; i++)
        if (!MergeMessage(mg, live, lf, ff->msgs[i]))
            return 0;
    for (ULONG i = lf->cMsgs; i-- > 0;)
        if (!Store_FindMessage(file, lf->msgs[i]->id))
            Data_DeleteMessage(lf->msgs[i]);
    return 1;
}

/* Step 3: live folders the file does not have, each deleted subtree from its top. */
static void DeleteMissingFolders(StoreRec *live, StoreRec *file)
{
    for (;;) {
        FolderRec *gone = NULL;
        for (ULONG i = 0; i < live->cFolders && !gone; i++) {
            FolderRec *top = live->folders[i];
            if (Store_FindFolder(file, top->id))
                continue;
            while (top->parent && !Store_FindFolder(file, top->parent->id))
                top = top->parent;
            if (top->parent && !Data_IsSpecialFolder(top))
                gone = top;
        }
        if (!gone)
            return;
        Data_DeleteFolderTree(gone);
    }
}

/* Step 4. The file's named map replaces live's (ids are only ever added, under the lock). */
static int MergeStoreRest(Merge *mg, StoreRec *live, StoreRec *file)
{
    TagList tags = {0};
    int changed, ok = ReplaceBag(mg, &live->props, &file->props, &tags, &changed);
    if (ok && changed)
        Hook_StoreModified(live, tags.tags, tags.c);
    TagList_Free(&tags);
    NamedMap m = live->named;
    if (m.c != file->named.c || m.nextId != file->named.nextId)
        mg->ds->changeGen++;
    live->named = file->named; /* the scratch store frees the old map */
    file->named = m;
    if (file->nextFolderId > live->nextFolderId)
        live->nextFolderId = file->nextFolderId;
    if (file->nextMsgId > live->nextMsgId)
        live->nextMsgId = file->nextMsgId;
    if (file->syncRuns > live->syncRuns)
        live->syncRuns = file->syncRuns;
    return ok;
}

static int SameShape(const StoreRec *a, const StoreRec *b)
{
    const FolderRec *x[7] = {a->root, a->ipm, a->inbox, a->outbox, a->sent, a->wastebasket, a->drafts};
    const FolderRec *y[7] = {b->root, b->ipm, b->inbox, b->outbox, b->sent, b->wastebasket, b->drafts};
    for (int i = 0; i < 7; i++)
        if ((x[i] ? x[i]->id : 0) != (y[i] ? y[i]->id : 0))
            return 0;
    return 1;
}

HRESULT Merge_Apply(DataSet *ds, DataSet *file, char *err, size_t cbErr)
{
    Merge mg = {ds, err, cbErr, S_OK};
    int ok = file->knobs.seed == ds->knobs.seed && file->cStores == ds->cStores;
    for (ULONG i = 0; ok && i < ds->cStores; i++)
        ok = SameShape(&ds->stores[i], &file->stores[i]);
    if (!ok) {
        snprintf(err, cbErr, "store file %s was replaced by another store (seed or special "
                             "folders differ)", ds->knobs.store);
        return MAPI_E_CORRUPT_STORE;
    }
    for (ULONG i = 0; ok && i < ds->cStores; i++) {
        StoreRec *live = &ds->stores[i], *fs = &file->stores[i];
        ok = MergeFolders(&mg, live, fs);
        for (ULONG k = 0; ok && k < fs->cFolders; k++)
            ok = MergeMessages(&mg, live, fs, Store_FindFolder(live, fs->folders[k]->id),
                               fs->folders[k]);
        if (ok)
            DeleteMissingFolders(live, fs);
        ok = ok && MergeStoreRest(&mg, live, fs);
    }
    return ok ? S_OK : mg.hr;
}

/* ==============================================================================================
 * The store.poll watcher
 * ============================================================================================ */
struct Watcher {
    DataSet *ds; /* no reference: DS_Release joins the thread before the data set goes */
    void *stop;  /* manual-reset event: Logoff or the data set's end */
    void *thread;
    ULONG ms;
};

static uint32_t WatchThread(void *arg)
{
    Watcher *w = arg;
    while (Plat_WaitForSingleObject(w->stop, w->ms) == PLAT_WAIT_TIMEOUT) {
        if (!Hook_Watched(w->ds))
            continue;
        /* An empty transaction: the outermost DS_Lock compares the file's header with what this
         * logon last saw (under the file lock, so never against a half-done save) and merges
         * when it moved; the DS_Unlock delivers what the merge raised. */
        DS_Lock(w->ds);
        DS_Unlock(w->ds);
    }
    return 0;
}

Watcher *Merge_StartWatcher(DataSet *ds, ULONG ms)
{
    Watcher *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->ds = ds;
    w->ms = ms;
    if (!(w->stop = Plat_CreateEvent(1, 0)) || !(w->thread = Plat_CreateThread(WatchThread, w))) {
        if (w->stop)
            Plat_CloseHandle(w->stop);
        free(w);
        return NULL;
    }
    return w;
}

void Merge_StopWatcher(Watcher *w, int join)
{
    if (!w)
        return;
    Plat_SetEvent(w->stop);
    if (!join)
        return;
    Plat_WaitForSingleObject(w->thread, 0xFFFFFFFFu);
    Plat_CloseHandle(w->thread);
    Plat_CloseHandle(w->stop);
    free(w);
}
