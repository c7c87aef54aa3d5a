/*
 * ntfraise.c - what raises what (see notify.h and README.md "Notifications"): object, new-mail
 * and critical-error notifications built from the records, and table notifications, which come
 * from comparing each advised table's view with the one it had at the last notification.
 *
 * Everything here runs with the data-set lock held. Notifications are built into one MAPI buffer
 * each (Ntf_NewBlock) and staged for the registrations that match; notify.c delivers them.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"

/* ==============================================================================================
 * Object notifications
 * ============================================================================================ */
static int NullEntryIds(DataSet *ds)
{
    NtfSettings s;
    Notify_Settings(ds, &s);
    return s.nullEntryId;
}

static void PutEid(NtfBlock *b, const EntryId *id, ULONG *pcb, LPENTRYID *pp)
{
    if (!id || !(*pp = Ntf_More(b, EID_SIZE)))
        return;
    Eid_Write(id, (BYTE *)*pp);
    *pcb = EID_SIZE;
}

void Ntf_ObjectEvent(DataSet *ds, ULONG ev, ULONG objType, const EntryId *id,
                     const EntryId *parent, const EntryId *oldId, const EntryId *oldParent,
                     const ULONG *tags, ULONG cTags)
{
    if (!Ntf_HasRegs(ds))
        return;
    NtfBlock *b = Ntf_NewBlock(ev);
    if (!b)
        return;
    OBJECT_NOTIFICATION *o = &Ntf_BlockNotif(b)->info.obj;
    o->ulObjType = objType;
    if (!NullEntryIds(ds))
        PutEid(b, id, &o->cbEntryID, &o->lpEntryID);
    PutEid(b, parent, &o->cbParentID, &o->lpParentID);
    PutEid(b, oldId, &o->cbOldID, &o->lpOldID);
    PutEid(b, oldParent, &o->cbOldParentID, &o->lpOldParentID);
    if (tags && (o->lpPropTagArray = Ntf_More(b, CbNewSPropTagArray(cTags))) != NULL) {
        o->lpPropTagArray->cValues = cTags;
        memcpy(o->lpPropTagArray->aulPropTag, tags, cTags * sizeof(ULONG));
    }
    const EntryId *ids[4] = {id, parent, oldId, oldParent};
    Ntf_StageObject(ds, b, id->store, ids);
    Ntf_BlockUnref(b);
}

static const ULONG g_countTags[] = {PR_CONTENT_COUNT, PR_CONTENT_UNREAD};
static const ULONG g_subfolderTags[] = {PR_SUBFOLDERS};

/* A folder's fnevObjectModified (its parent as the parent; the root is its own). */
void Ntf_FolderModified(FolderRec *f, const ULONG *tags, ULONG cTags)
{
    DataSet *ds = f->store->ds;
    EntryId id = Eid_OfFolder(f), parent = Eid_OfFolder(f->parent ? f->parent : f);
    Ntf_ObjectEvent(ds, fnevObjectModified, MAPI_FOLDER, &id, &parent, NULL, NULL, tags, cTags);
}

static void CountsChanged(FolderRec *f) { Ntf_FolderModified(f, g_countTags, 2); }

void Ntf_MessageAdded(MsgRec *m)
{
    DataSet *ds = m->folder->store->ds;
    if (ds->ntfQuiet)
        return;
    EntryId id = Eid_OfMessage(m), parent = Eid_OfFolder(m->folder);
    Ntf_ObjectEvent(ds, fnevObjectCreated, MAPI_MESSAGE, &id, &parent, NULL, NULL, NULL, 0);
    CountsChanged(m->folder);
}

void Ntf_MessageDeleted(MsgRec *m)
{
    DataSet *ds = m->folder->store->ds;
    if (ds->ntfQuiet)
        return;
    EntryId id = Eid_OfMessage(m), parent = Eid_OfFolder(m->folder);
    Ntf_ObjectEvent(ds, fnevObjectDeleted, MAPI_MESSAGE, &id, &parent, NULL, NULL, NULL, 0);
    CountsChanged(m->folder);
}

void Ntf_MessageUpdated(MsgRec *m, const ULONG *tags, ULONG cTags, int countsChanged)
{
    DataSet *ds = m->folder->store->ds;
    if (ds->ntfQuiet)
        return;
    EntryId id = Eid_OfMessage(m), parent = Eid_OfFolder(m->folder);
    Ntf_ObjectEvent(ds, fnevObjectModified, MAPI_MESSAGE, &id, &parent, NULL, NULL, tags, cTags);
    if (countsChanged)
        CountsChanged(m->folder);
}

void Ntf_MessageCopied(MsgRec *copy, const EntryId *oldId, const EntryId *oldParent, int moved)
{
    DataSet *ds = copy->folder->store->ds;
    EntryId id = Eid_OfMessage(copy), parent = Eid_OfFolder(copy->folder);
    Ntf_ObjectEvent(ds, moved ? fnevObjectMoved : fnevObjectCopied, MAPI_MESSAGE, &id, &parent,
                    oldId, oldParent, NULL, 0);
    CountsChanged(copy->folder);
    if (moved) {
        StoreRec *s = DS_StoreByIndex(ds, oldParent->store);
        FolderRec *src = s ? Store_FindFolder(s, oldParent->folder) : NULL;
        if (src && src != copy->folder)
            CountsChanged(src);
    }
}

void Ntf_NewMail(MsgRec *m)
{
    DataSet *ds = m->folder->store->ds;
    if (!Ntf_HasRegs(ds))
        return;
    NtfBlock *b = Ntf_NewBlock(fnevNewMail);
    if (!b)
        return;
    NEWMAIL_NOTIFICATION *nm = &Ntf_BlockNotif(b)->info.newmail;
    EntryId id = Eid_OfMessage(m), parent = Eid_OfFolder(m->folder);
    if (!NullEntryIds(ds))
        PutEid(b, &id, &nm->cbEntryID, &nm->lpEntryID);
    PutEid(b, &parent, &nm->cbParentID, &nm->lpParentID);
    nm->ulFlags = MAPI_UNICODE;
    nm->ulMessageFlags = m->flags;
    Arena scratch = {0};
    const SPropValue *cls =
        Data_MessageProp(m->folder, m->id, m, NULL, PROP_ID(PR_MESSAGE_CLASS_W), &scratch);
    WCHAR *w = NULL;
    if (cls && PROP_TYPE(cls->ulPropTag) == PT_UNICODE)
        w = WStrDup(cls->Value.lpszW);
    else if (cls && PROP_TYPE(cls->ulPropTag) == PT_STRING8)
        w = WStrFromA(cls->Value.lpszA);
    Arena_Free(&scratch);
    size_t n = w ? WStrLen(w) : 0;
    WCHAR *out = Ntf_More(b, (n + 1) * sizeof(WCHAR));
    if (out) {
        if (n)
            memcpy(out, w, n * sizeof(WCHAR));
        out[n] = 0;
        nm->lpszMessageClass = out;
    }
    free(w);
    const EntryId *ids[4] = {&id, &parent, NULL, NULL};
    Ntf_StageObject(ds, b, id.store, ids);
    Ntf_BlockUnref(b);
}

/* A folder event with its parent's fnevObjectModified (PR_SUBFOLDERS: its children changed). */
static void FolderEvent(FolderRec *f, ULONG ev, const EntryId *oldId, const EntryId *oldParent)
{
    DataSet *ds = f->store->ds;
    EntryId id = Eid_OfFolder(f), parent = Eid_OfFolder(f->parent ? f->parent : f);
    Ntf_ObjectEvent(ds, ev, MAPI_FOLDER, &id, &parent, oldId, oldParent, NULL, 0);
    if (f->parent)
        Ntf_FolderModified(f->parent, g_subfolderTags, 1);
}

void Ntf_FolderCreated(FolderRec *f)
{
    if (!f->store->ds->ntfQuiet)
        FolderEvent(f, fnevObjectCreated, NULL, NULL);
}

void Ntf_FolderDeleted(FolderRec *f)
{
    if (!f->store->ds->ntfQuiet)
        FolderEvent(f, fnevObjectDeleted, NULL, NULL);
}

void Ntf_FolderMoved(FolderRec *f, const EntryId *oldParent)
{
    if (f->store->ds->ntfQuiet)
        return;
    EntryId id = Eid_OfFolder(f);
    FolderEvent(f, fnevObjectMoved, &id, oldParent); /* a moved folder keeps its entry id */
    StoreRec *s = f->store;
    FolderRec *old = Store_FindFolder(s, oldParent->folder);
    if (old && old != f->parent)
        Ntf_FolderModified(old, g_subfolderTags, 1);
}

void Ntf_FolderCopied(FolderRec *copy, FolderRec *src)
{
    EntryId oldId = Eid_OfFolder(src), oldParent = Eid_OfFolder(src->parent ? src->parent : src);
    FolderEvent(copy, fnevObjectCopied, &oldId, &oldParent);
}

void Ntf_StoreModified(StoreRec *s, const ULONG *tags, ULONG cTags)
{
    EntryId id = Eid_OfStore(s);
    Ntf_ObjectEvent(s->ds, fnevObjectModified, MAPI_STORE, &id, NULL, NULL, NULL, tags, cTags);
}

void Ntf_CriticalError(DataSet *ds, SCODE sc, const char *text)
{
    if (!Ntf_HasRegs(ds))
        return;
    NtfBlock *b = Ntf_NewBlock(fnevCriticalError);
    if (!b)
        return;
    ERROR_NOTIFICATION *e = &Ntf_BlockNotif(b)->info.err;
    e->scode = sc;
    e->ulFlags = 0; /* so lpMAPIError's strings are 8-bit */
    size_t n = strlen(text) + 1;
    static const char component[] = "koffi-mapi sample provider";
    MAPIERROR *me = Ntf_More(b, sizeof *me);
    char *t = Ntf_More(b, n), *c = Ntf_More(b, sizeof component);
    if (me && t && c) {
        memcpy(t, text, n);
        memcpy(c, component, sizeof component);
        me->ulVersion = MAPI_ERROR_VERSION;
        me->lpszError = t;
        me->lpszComponent = c;
        me->ulLowLevelError = 0;
        me->ulContext = 0;
        e->lpMAPIError = me;
    }
    Ntf_StageSessionWide(ds, b);
    Ntf_BlockUnref(b);
}
