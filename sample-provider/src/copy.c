/*
 * copy.c - moving things around: IMAPIFolder::CopyMessages (copy and MESSAGE_MOVE), CopyFolder
 * (copy and FOLDER_MOVE), EmptyFolder, IMAPIProp::CopyTo / CopyProps of messages and attachments,
 * and the IMAPIProgress calls that go with them.
 *
 * Progress, as MAPI's stores report it ("Displaying progress" in the MAPI reference): only when the
 * caller passes an IMAPIProgress and the operation's *_DIALOG flag; the provider asks GetFlags; a
 * top-level indicator gets SetLimits(1, total) and Progress(i, i, total) per item, a subordinate one
 * Progress(value between its GetMin and GetMax, 0, 0). A Progress that returns MAPI_E_USER_CANCEL
 * stops the operation there (what was done stays done) and the call returns MAPI_E_USER_CANCEL.
 * The client's object is never called with the data-set lock held.
 *
 * A moved message gets a new entry id (its folder is part of it), as in Exchange; a copied one
 * is a new message with the source's properties, recipients and attachments.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "objects.h"

/* ---- Progress -------------------------------------------------------------------------------- */
typedef struct Progress {
    IMAPIProgress *p; /* NULL: no progress */
    int top;
    ULONG min, max, total;
} Progress;

static void Progress_Begin(Progress *pr, LPMAPIPROGRESS lp, int dialog, ULONG total)
{
    memset(pr, 0, sizeof *pr);
    if (!lp || !dialog)
        return;
    pr->p = (IMAPIProgress *)lp;
    pr->total = total;
    ULONG flags = 0;
    pr->p->lpVtbl->GetFlags(pr->p, &flags);
    pr->top = (flags & MAPI_TOP_LEVEL) != 0;
    if (pr->top) {
        ULONG min = 1, max = total ? total : 1, f = MAPI_TOP_LEVEL;
        pr->p->lpVtbl->SetLimits(pr->p, &min, &max, &f);
    } else {
        pr->p->lpVtbl->GetMin(pr->p, &pr->min);
        pr->p->lpVtbl->GetMax(pr->p, &pr->max);
    }
}

/* After item `done` (1-based). MAPI_E_USER_CANCEL when the client asks to stop. */
static HRESULT Progress_Step(Progress *pr, ULONG done)
{
    if (!pr->p)
        return S_OK;
    HRESULT hr;
    if (pr->top) {
        hr = pr->p->lpVtbl->Progress(pr->p, done, done, pr->total);
    } else {
        ULONG span = pr->max > pr->min ? pr->max - pr->min : 0;
        ULONG v = pr->min + (pr->total ? (ULONG)((uint64_t)span * done / pr->total) : span);
        hr = pr->p->lpVtbl->Progress(pr->p, v, 0, 0);
    }
    return hr == MAPI_E_USER_CANCEL ? MAPI_E_USER_CANCEL : S_OK;
}

/* ---- Messages ------------------------------------------------------------------------------------ */
/* A copy of record m in folder dest (lock held). */
static HRESULT CopyRecord(MsgRec *m, FolderRec *dest, MsgRec **out)
{
    PropBag bag = {0};
    SubObjs subs = {0};
    HRESULT hr = Data_MaterializeMessage(m, &bag);
    if (hr == S_OK)
        hr = Data_MaterializeSubs(m, &subs);
    if (hr == S_OK)
        hr = Data_AddMessage(dest, Data_NewMessageId(dest->store), &bag, &subs, out);
    Bag_Free(&bag);
    Subs_Free(&subs);
    return hr;
}

HRESULT Folder_DoCopyMessages(Folder *f, const ENTRYLIST *list, Folder *dest,
                              LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    Progress pr;
    Progress_Begin(&pr, lpProgress, (ulFlags & MESSAGE_DIALOG) != 0, list->cValues);
    ULONG missed = 0;
    HRESULT hr = S_OK;
    for (ULONG i = 0; i < list->cValues && SUCCEEDED(hr); i++) {
        EntryId id;
        DS_Lock(f->hdr.ds);
        MsgRec *m = NULL, *copy = NULL;
        if (Eid_Parse(list->lpbin[i].cb, (LPENTRYID)list->lpbin[i].lpb, &id) == S_OK &&
            id.objType == MAPI_MESSAGE && id.store == f->rec->store->index &&
            id.folder == f->rec->id)
            m = Store_FindMessage(f->rec->store, id.message);
        if (!m || m->folder != f->rec) {
            missed++;
        } else if (dest->rec->deleted) {
            hr = MAPI_E_OBJECT_DELETED;
        } else {
            /* One fnevObjectMoved / fnevObjectCopied instead of the created and deleted events. */
            EntryId oldId = Eid_OfMessage(m), oldParent = Eid_OfFolder(m->folder);
            int move = (ulFlags & MESSAGE_MOVE) != 0;
            f->hdr.ds->ntfQuiet++;
            hr = CopyRecord(m, dest->rec, &copy);
            if (hr == S_OK && move)
                Data_DeleteMessage(m);
            f->hdr.ds->ntfQuiet--;
            if (hr == S_OK)
                Ntf_MessageCopied(copy, &oldId, &oldParent, move);
        }
        DS_Unlock(f->hdr.ds);
        if (SUCCEEDED(hr))
            hr = Progress_Step(&pr, i + 1);
    }
    if (FAILED(hr))
        return Obj_Fail(&f->hdr, "CopyMessages", hr, "%s",
                        hr == MAPI_E_USER_CANCEL ? "cancelled through IMAPIProgress"
                        : hr == MAPI_E_OBJECT_DELETED ? "the destination folder was deleted"
                                                      : "out of memory");
    if (missed)
        return Obj_Fail(&f->hdr, "CopyMessages", MAPI_W_PARTIAL_COMPLETION,
                        "%lu of %lu entries were not messages of this folder",
                        (unsigned long)missed, (unsigned long)list->cValues);
    return S_OK;
}

HRESULT Folder_DoEmpty(Folder *f, LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    DS_Lock(f->hdr.ds);
    ULONG total = f->rec->cMsgs + f->rec->cChildren;
    DS_Unlock(f->hdr.ds);
    Progress pr;
    Progress_Begin(&pr, lpProgress, (ulFlags & FOLDER_DIALOG) != 0, total);
    HRESULT hr = S_OK;
    for (ULONG done = 1; SUCCEEDED(hr); done++) {
        DS_Lock(f->hdr.ds);
        FolderRec *r = f->rec;
        int any = 1;
        if (r->cChildren)
            Data_DeleteFolderTree(r->children[r->cChildren - 1]);
        else if (r->cMsgs)
            Data_DeleteMessage(r->msgs[r->cMsgs - 1]);
        else
            any = 0;
        DS_Unlock(f->hdr.ds);
        if (!any)
            break;
        hr = Progress_Step(&pr, done);
    }
    return hr == S_OK ? S_OK
                      : Obj_Fail(&f->hdr, "EmptyFolder", hr, "cancelled through IMAPIProgress");
}

/* ---- Folders ------------------------------------------------------------------------------------- */
static int IsInside(const FolderRec *f, const FolderRec *ancestor)
{
    for (; f; f = f->parent)
        if (f == ancestor)
            return 1;
    return 0;
}

/* A copy of src (and, with `deep`, its subfolders) under destParent named `name`. Lock held. */
static HRESULT CopyTree(FolderRec *src, FolderRec *destParent, const WCHAR *name, int deep,
                        FolderRec **out)
{
    FolderRec *nf = NULL;
    const SPropValue *comment = Bag_Get(&src->props, PROP_ID(PR_COMMENT_W));
    HRESULT hr = Data_CreateFolder(destParent, name,
                                   comment && PROP_TYPE(comment->ulPropTag) == PT_UNICODE
                                       ? comment->Value.lpszW
                                       : NULL,
                                   &nf);
    for (ULONG i = 0; hr == S_OK && i < src->props.c; i++) {
        ULONG id = PROP_ID(src->props.v[i]->ulPropTag);
        if (id != PROP_ID(PR_DISPLAY_NAME_W))
            hr = Bag_Set(&nf->props, src->props.v[i]);
    }
    /* Snapshot the counts: copying into a descendant must not chase its own copies. */
    ULONG nMsgs = src->cMsgs, nKids = src->cChildren;
    for (ULONG i = 0; hr == S_OK && i < nMsgs; i++) {
        MsgRec *copy = NULL;
        hr = CopyRecord(src->msgs[i], nf, &copy);
    }
    for (ULONG i = 0; hr == S_OK && deep && i < nKids; i++) {
        FolderRec *kid = src->children[i], *ignored = NULL;
        const SPropValue *kn = Bag_Get(&kid->props, PROP_ID(PR_DISPLAY_NAME_W));
        hr = CopyTree(kid, nf, kn ? kn->Value.lpszW : u"Folder", deep, &ignored);
    }
    if (out)
        *out = nf;
    return hr;
}

/* Re-parents f under dest (FOLDER_MOVE): the record stays, so its entry id and open objects do. */
static HRESULT MoveTree(FolderRec *f, FolderRec *dest, const WCHAR *name)
{
    return Data_MoveFolder(f, dest, name);
}

HRESULT Folder_DoCopyFolder(Folder *f, FolderRec *src, Folder *dest, const WCHAR *newName,
                            LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    const char *why = "out of memory";
    HRESULT hr = S_OK;
    Progress pr;
    Progress_Begin(&pr, lpProgress, (ulFlags & FOLDER_DIALOG) != 0, 1);
    DS_Lock(f->hdr.ds);
    const SPropValue *sn = Bag_Get(&src->props, PROP_ID(PR_DISPLAY_NAME_W));
    const WCHAR *name = newName ? newName : sn ? sn->Value.lpszW : u"Folder";
    if (dest->rec->deleted) {
        hr = MAPI_E_OBJECT_DELETED, why = "the destination folder was deleted";
    } else if ((ulFlags & FOLDER_MOVE) && Data_IsSpecialFolder(src)) {
        hr = MAPI_E_NO_ACCESS, why = "special folders cannot be moved";
    } else if (IsInside(dest->rec, src)) {
        hr = MAPI_E_FOLDER_CYCLE, why = "the destination is the folder itself or inside it";
    } else if (Data_FindChildByName(dest->rec, name) &&
               !((ulFlags & FOLDER_MOVE) && src->parent == dest->rec && newName == NULL)) {
        hr = MAPI_E_COLLISION, why = "the destination has a subfolder with that name";
    } else if (ulFlags & FOLDER_MOVE) {
        hr = MoveTree(src, dest->rec, newName);
    } else {
        FolderRec *copy = NULL;
        f->hdr.ds->ntfQuiet++; /* one fnevObjectCopied for the folder, not its contents' events */
        hr = CopyTree(src, dest->rec, name, (ulFlags & COPY_SUBFOLDERS) != 0, &copy);
        f->hdr.ds->ntfQuiet--;
        if (copy)
            Ntf_FolderCopied(copy, src);
    }
    DS_Unlock(f->hdr.ds);
    if (hr == S_OK)
        hr = Progress_Step(&pr, 1);
    return hr == S_OK ? S_OK : Obj_Fail(&f->hdr, "CopyFolder", hr, "%s", why);
}

/* ---- IMAPIProp::CopyTo / CopyProps (messages and attachments) --------------------------------- */
/* Where a message's or attachment's copy goes: its private copy and parts. */
typedef struct PropTarget {
    ObjHeader *hdr;
    PropBag *bag;
    SubObjs *subs;       /* a message's, else NULL */
    ULONG *subsGen;      /* bumped when subs change */
    int (*isComputed)(ULONG propId);
    HRESULT (*enterWrite)(ObjHeader *h, const char *method);
} PropTarget;

static int Listed(const SPropTagArray *tags, ULONG propId)
{
    for (ULONG i = 0; tags && i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == propId)
            return 1;
    return 0;
}

/* include: copy only these (CopyProps); exclude: copy everything else (CopyTo). Lock held. */
static HRESULT Props_DoCopy(const PropTarget *src, const PropTarget *dst, const SPropTagArray *include,
                     const SPropTagArray *exclude, ULONG ulFlags, ProblemList *problems)
{
    HRESULT hr = S_OK;
    for (ULONG i = 0; hr == S_OK && i < src->bag->c; i++) {
        const SPropValue *v = src->bag->v[i];
        ULONG id = PROP_ID(v->ulPropTag);
        if (include ? !Listed(include, id) : Listed(exclude, id))
            continue;
        if ((ulFlags & MAPI_NOREPLACE) && Bag_Get(dst->bag, id))
            continue;
        if (dst->isComputed && dst->isComputed(id)) {
            if (include && !Problems_Add(problems, i, v->ulPropTag, MAPI_E_COMPUTED))
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
            continue;
        }
        hr = Bag_Set(dst->bag, v);
    }
    if (hr != S_OK || !src->subs || !dst->subs)
        return hr;
    int recips = include ? Listed(include, PROP_ID(PR_MESSAGE_RECIPIENTS))
                         : !Listed(exclude, PROP_ID(PR_MESSAGE_RECIPIENTS));
    int atts = include ? Listed(include, PROP_ID(PR_MESSAGE_ATTACHMENTS))
                       : !Listed(exclude, PROP_ID(PR_MESSAGE_ATTACHMENTS));
    if (recips && !((ulFlags & MAPI_NOREPLACE) && dst->subs->cRecips)) {
        while (dst->subs->cRecips)
            Subs_RemoveRecip(dst->subs, dst->subs->recips[0].rowId);
        for (ULONG i = 0; hr == S_OK && i < src->subs->cRecips; i++) {
            const PropBag *b = &src->subs->recips[i].props;
            SPropValue *vals = malloc((b->c ? b->c : 1) * sizeof *vals);
            if (!vals) {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            for (ULONG j = 0; j < b->c; j++)
                vals[j] = *b->v[j];
            hr = Subs_AddRecip(dst->subs, vals, b->c, NULL);
            free(vals);
        }
    }
    for (ULONG i = 0; atts && hr == S_OK && i < src->subs->cAtts; i++)
        hr = Subs_PutAttach(dst->subs, dst->subs->nextAttNum, &src->subs->atts[i].props,
                            src->subs->atts[i].embedded);
    if (dst->subsGen)
        ++*dst->subsGen;
    return hr;
}

static HRESULT EnterMsg(ObjHeader *h, const char *m) { return Message_Enter((Message *)h, m, 1); }

/* The PropTarget of one of this provider's messages or attachments, or 0 for anything else. */
static int TargetOf(void *obj, PropTarget *t)
{
    memset(t, 0, sizeof *t);
    if (Message_IsOurs(obj)) {
        Message *m = obj;
        t->hdr = &m->hdr, t->bag = &m->edit, t->subs = &m->subs, t->subsGen = &m->subsGen;
        t->isComputed = Data_MessageIsComputed;
        t->enterWrite = EnterMsg;
        return 1;
    }
    if (Attach_IsOurs(obj)) {
        Attach *a = obj;
        t->hdr = &a->hdr, t->bag = &a->edit;
        t->isComputed = Attach_IsComputedId;
        t->enterWrite = Attach_EnterWrite;
        return 1;
    }
    return 0;
}

HRESULT Obj_CopyProps(ObjHeader *self, const char *method, void *srcObj, void *lpDestObj,
                      const SPropTagArray *include, const SPropTagArray *exclude,
                      LPMAPIPROGRESS lpProgress, ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    if (lppProblems)
        *lppProblems = NULL;
    if (ulFlags & ~(MAPI_MOVE | MAPI_NOREPLACE | MAPI_DIALOG | MAPI_DECLINE_OK))
        return Obj_Fail(self, method, MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    PropTarget src, dst;
    if (!lpDestObj || !TargetOf(lpDestObj, &dst))
        return Obj_Fail(self, method, MAPI_E_NO_SUPPORT,
                        "the destination must be a message or attachment of this provider");
    TargetOf(srcObj, &src);
    if (dst.hdr == self)
        return Obj_Fail(self, method, MAPI_E_INVALID_PARAMETER, "source and destination are the same");
    HRESULT hr = dst.enterWrite(dst.hdr, method);
    if (hr != S_OK)
        return Obj_Fail(self, method, hr, "the destination cannot be written");
    Progress pr;
    Progress_Begin(&pr, lpProgress, (ulFlags & MAPI_DIALOG) != 0, 1);
    ProblemList problems = {0};
    DS_Lock(self->ds);
    hr = Props_DoCopy(&src, &dst, include, exclude, ulFlags, &problems);
    if (hr == S_OK && (ulFlags & MAPI_MOVE)) {
        for (ULONG i = src.bag->c; i-- > 0;) {
            ULONG id = PROP_ID(src.bag->v[i]->ulPropTag);
            if (include ? Listed(include, id) : !Listed(exclude, id))
                Bag_Delete(src.bag, id);
        }
    }
    DS_Unlock(self->ds);
    if (hr == S_OK)
        hr = Progress_Step(&pr, 1);
    if (FAILED(hr)) {
        Problems_Return(&problems, NULL);
        return Obj_Fail(self, method, hr, "%s",
                        hr == MAPI_E_USER_CANCEL ? "cancelled through IMAPIProgress"
                                                 : "out of memory");
    }
    return Problems_Return(&problems, lppProblems);
}
