/*
 * attach.c - IAttach: one attachment of an open message, transacted like the message itself.
 *
 * The object edits a private copy (taken by OpenAttach, empty for CreateAttach). SaveChanges
 * commits it into the message's copy, where the attachment table and OpenAttach see it; the
 * message's own SaveChanges then stores it. Releasing an attachment without SaveChanges, or the
 * message without SaveChanges, discards the changes, as MAPI specifies.
 *
 * The content: PR_ATTACH_DATA_BIN (by value) through GetProps or, above props.streamOver, through
 * OpenProperty(IID_IStream); PR_ATTACH_DATA_OBJ of an ATTACH_EMBEDDED_MSG attachment through
 * OpenProperty(IID_IMessage), MAPI_CREATE making a new embedded message.
 */
#include <stdlib.h>
#include <string.h>

#include "objects.h"

static Attach *A(IAttach *This) { return (Attach *)This; }

static const ULONG g_attachComputed[] = {PR_ATTACH_NUM, PR_ATTACH_SIZE, PR_OBJECT_TYPE};

static int Attach_IsComputed(ULONG id)
{
    for (size_t i = 0; i < ARRAY_COUNT(g_attachComputed); i++)
        if (PROP_ID(g_attachComputed[i]) == id)
            return 1;
    return 0;
}

static const SPropValue *Computed(Arena *a, ULONG tag, LONG l)
{
    SPropValue *v = Arena_Alloc(a, sizeof *v);
    if (v) {
        memset(v, 0, sizeof *v);
        v->ulPropTag = tag;
        v->Value.l = l;
    }
    return v;
}

static const SPropValue *AttSrc_Get(const PropSource *src, ULONG id, Arena *a)
{
    const Attach *t = src->a;
    if (id == PROP_ID(PR_ATTACH_NUM))
        return Computed(a, PR_ATTACH_NUM, (LONG)t->num);
    if (id == PROP_ID(PR_ATTACH_SIZE))
        return Computed(a, PR_ATTACH_SIZE, (LONG)Attach_Size(&t->edit, t->embedded));
    if (id == PROP_ID(PR_OBJECT_TYPE))
        return Computed(a, PR_OBJECT_TYPE, MAPI_ATTACH);
    return Bag_Get(&t->edit, id);
}

static HRESULT AttSrc_List(const PropSource *src, TagList *out)
{
    const Attach *t = src->a;
    for (size_t i = 0; i < ARRAY_COUNT(g_attachComputed); i++)
        if (!TagList_AddUnique(out, g_attachComputed[i]))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    return Bag_ListTags(&t->edit, out);
}

static HRESULT Enter(Attach *t, const char *method, int write)
{
    HRESULT hr = Obj_Enter(&t->hdr, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    DS_Lock(t->hdr.ds);
    int access = t->access, msgClosed = t->msg->access == MSG_CLOSED;
    DS_Unlock(t->hdr.ds);
    if (access == MSG_CLOSED)
        return Obj_Fail(&t->hdr, method, MAPI_E_INVALID_OBJECT,
                        "the attachment was closed by SaveChanges without KEEP_OPEN_*");
    if (msgClosed)
        return Obj_Fail(&t->hdr, method, MAPI_E_INVALID_OBJECT,
                        "the attachment's message was closed by SaveChanges");
    if (write && access == MSG_READONLY)
        return Obj_Fail(&t->hdr, method, MAPI_E_NO_ACCESS,
                        "the attachment is read-only (opened without MAPI_MODIFY, or its message "
                        "is read-only)");
    return S_OK;
}
static HRESULT EnterToWrite(ObjHeader *h, const char *method) { return Enter((Attach *)h, method, 1); }
HRESULT Attach_EnterWrite(ObjHeader *h, const char *method) { return EnterToWrite(h, method); }
int Attach_IsComputedId(ULONG id) { return Attach_IsComputed(id); }

/* ---- IUnknown -------------------------------------------------------------------------------- */
static const IID *const g_tAttachIids[] = {&IID_IAttachment, &IID_IMAPIProp};
static const QiSpec g_attachQi = {g_tAttachIids, ARRAY_COUNT(g_tAttachIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE Attach_QueryInterface(IAttach *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&A(This)->hdr, &g_attachQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Attach_AddRef(IAttach *This) { return Obj_ComAddRef(&A(This)->hdr); }
static ULONG STDMETHODCALLTYPE Attach_Release(IAttach *This)
{
    return Obj_ComRelease(&A(This)->hdr);
}

static void Attach_Destroy(ObjHeader *h)
{
    Attach *t = (Attach *)h;
    Bag_Free(&t->edit);
    Content_Free(t->embedded);
    Obj_Release(&t->msg->hdr);
}

/* ---- IMAPIProp ------------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Attach_GetLastError(IAttach *This, HRESULT hResult, ULONG ulFlags,
                                                     LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&A(This)->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE Attach_SaveChanges(IAttach *This, ULONG ulFlags)
{
    Attach *t = A(This);
    HRESULT hr = Enter(t, "SaveChanges", 1);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&t->hdr, "SaveChanges", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if ((ulFlags & KEEP_OPEN_READONLY) && (ulFlags & KEEP_OPEN_READWRITE))
        return Obj_Fail(&t->hdr, "SaveChanges", MAPI_E_INVALID_PARAMETER,
                        "KEEP_OPEN_READONLY and KEEP_OPEN_READWRITE together");
    DS_Lock(t->hdr.ds);
    if (!t->isNew && !Subs_FindAttach(&t->msg->subs, t->num)) {
        hr = MAPI_E_OBJECT_DELETED; /* DeleteAttach since it was opened */
    } else if ((hr = Subs_PutAttach(&t->msg->subs, t->num, &t->edit, t->embedded)) == S_OK) {
        t->isNew = 0;
        t->msg->subsGen++;
        t->access = (ulFlags & KEEP_OPEN_READWRITE)  ? MSG_READWRITE
                    : (ulFlags & KEEP_OPEN_READONLY) ? MSG_READONLY
                                                     : MSG_CLOSED;
    }
    DS_Unlock(t->hdr.ds);
    return hr == S_OK ? S_OK
                      : Obj_Fail(&t->hdr, "SaveChanges", hr, "%s",
                                 hr == MAPI_E_OBJECT_DELETED
                                     ? "the attachment was deleted (DeleteAttach) since it was "
                                       "opened"
                                     : "out of memory");
}

static HRESULT STDMETHODCALLTYPE Attach_GetProps(IAttach *This, LPSPropTagArray lpPropTagArray,
                                                 ULONG ulFlags, ULONG *lpcValues,
                                                 LPSPropValue *lppPropArray)
{
    Attach *t = A(This);
    HRESULT hr = Enter(t, "GetProps", 0);
    if (hr != S_OK)
        return hr;
    PropSource src = {AttSrc_Get, AttSrc_List, t, NULL, 0, Knobs_StreamOver(&t->hdr.ds->knobs)};
    DS_Lock(t->hdr.ds);
    hr = Props_GetProps(&src, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
    DS_Unlock(t->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&t->hdr, "GetProps", hr, "GetProps failed") : hr;
}

static HRESULT STDMETHODCALLTYPE Attach_GetPropList(IAttach *This, ULONG ulFlags,
                                                    LPSPropTagArray *lppPropTagArray)
{
    Attach *t = A(This);
    HRESULT hr = Enter(t, "GetPropList", 0);
    if (hr != S_OK)
        return hr;
    PropSource src = {AttSrc_Get, AttSrc_List, t, NULL, 0, 0};
    DS_Lock(t->hdr.ds);
    hr = Props_GetPropList(&src, ulFlags, lppPropTagArray);
    DS_Unlock(t->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&t->hdr, "GetPropList", hr, "GetPropList failed") : hr;
}

static HRESULT OpenEmbedded(Attach *t, ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    int write = (ulFlags & (MAPI_MODIFY | MAPI_CREATE)) != 0;
    HRESULT hr = Enter(t, "OpenProperty", write);
    if (hr != S_OK)
        return hr;
    DS_Lock(t->hdr.ds);
    const SPropValue *meth = Bag_Get(&t->edit, PROP_ID(PR_ATTACH_METHOD));
    const char *why = NULL;
    if (ulFlags & MAPI_CREATE) {
        /* A new, empty embedded message replaces whatever the attachment held. */
        MsgContent *c = calloc(1, sizeof *c);
        SPropValue v[3];
        memset(v, 0, sizeof v);
        v[0].ulPropTag = PR_MESSAGE_CLASS_W;
        v[0].Value.lpszW = (LPWSTR)u"IPM.Note";
        v[1].ulPropTag = PR_MESSAGE_FLAGS;
        v[1].Value.l = (LONG)(MSGFLAG_UNSENT | MSGFLAG_READ);
        v[2].ulPropTag = PR_ATTACH_METHOD;
        v[2].Value.l = ATTACH_EMBEDDED_MSG;
        hr = c ? Bag_Set(&c->props, &v[0]) : MAPI_E_NOT_ENOUGH_MEMORY;
        if (hr == S_OK)
            hr = Bag_Set(&c->props, &v[1]);
        if (hr == S_OK)
            hr = Bag_Set(&t->edit, &v[2]);
        if (hr == S_OK) {
            Bag_Delete(&t->edit, PROP_ID(PR_ATTACH_DATA_BIN));
            Content_Free(t->embedded);
            t->embedded = c;
        } else {
            Content_Free(c);
        }
    } else if (!t->embedded) {
        hr = MAPI_E_NOT_FOUND;
        why = meth && meth->Value.l == ATTACH_BY_VALUE
                  ? "the attachment is by value: open PR_ATTACH_DATA_BIN as IStream"
                  : "the attachment has no embedded message (MAPI_CREATE makes one)";
    }
    Message *m = NULL;
    if (hr == S_OK)
        hr = Message_OpenEmbedded(t, write, &m);
    DS_Unlock(t->hdr.ds);
    if (hr != S_OK)
        return Obj_Fail(&t->hdr, "OpenProperty", hr, "%s", why ? why : "out of memory");
    *lppUnk = (LPUNKNOWN)m;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Attach_OpenProperty(IAttach *This, ULONG ulPropTag, LPCIID lpiid,
                                                     ULONG ulInterfaceOptions, ULONG ulFlags,
                                                     LPUNKNOWN *lppUnk)
{
    Attach *t = A(This);
    (void)ulInterfaceOptions;
    HRESULT hr = Enter(t, "OpenProperty", 0);
    if (hr != S_OK)
        return hr;
    if (!lpiid || !lppUnk)
        return Obj_Fail(&t->hdr, "OpenProperty", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppUnk = NULL;
    if (ulFlags & ~(MAPI_MODIFY | MAPI_CREATE | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return Obj_Fail(&t->hdr, "OpenProperty", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    int embedded = t->embedded != NULL;
    if (PROP_ID(ulPropTag) == PROP_ID(PR_ATTACH_DATA_OBJ) && IsEqualGUID(lpiid, &IID_IMessage))
        return OpenEmbedded(t, ulFlags, lppUnk);
    if (!IsEqualGUID(lpiid, &IID_IStream))
        return Obj_Fail(&t->hdr, "OpenProperty", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "an attachment's properties open as IStream, or PR_ATTACH_DATA_OBJ as "
                        "IMessage");
    if (PROP_ID(ulPropTag) == PROP_ID(PR_ATTACH_DATA_OBJ) && embedded)
        return Obj_Fail(&t->hdr, "OpenProperty", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "the attachment is an embedded message: open PR_ATTACH_DATA_OBJ as "
                        "IMessage, not IStream");
    PropStreamOwner o = {&t->hdr, EnterToWrite, &t->edit, t->access == MSG_READWRITE};
    return Prop_OpenStream(&o, ulPropTag, ulFlags, lppUnk);
}

static PropWriter Writer(Attach *t)
{
    PropWriter w = {
        .hdr = &t->hdr,
        .enter = EnterToWrite,
        .bag = &t->edit,
        .isComputed = Attach_IsComputed,
    };
    return w;
}

static HRESULT STDMETHODCALLTYPE Attach_SetProps(IAttach *This, ULONG cValues,
                                                 LPSPropValue lpPropArray,
                                                 LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(A(This));
    return Obj_SetProps(&w, cValues, lpPropArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Attach_DeleteProps(IAttach *This, LPSPropTagArray lpPropTagArray,
                                                    LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(A(This));
    return Obj_DeleteProps(&w, lpPropTagArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Attach_CopyTo(IAttach *This, ULONG ciidExclude,
                                               LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                                               ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                               LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                               LPSPropProblemArray *lppProblems)
{
    Attach *t = A(This);
    (void)ciidExclude, (void)rgiidExclude, (void)ulUIParam, (void)lpInterface;
    HRESULT hr = Enter(t, "CopyTo", (ulFlags & MAPI_MOVE) != 0);
    if (hr != S_OK)
        return hr;
    return Obj_CopyProps(&t->hdr, "CopyTo", t, lpDestObj, NULL, lpExcludeProps, lpProgress,
                         ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Attach_CopyProps(IAttach *This, LPSPropTagArray lpIncludeProps,
                                                  ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                  LPCIID lpInterface, LPVOID lpDestObj,
                                                  ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    Attach *t = A(This);
    (void)ulUIParam, (void)lpInterface;
    HRESULT hr = Enter(t, "CopyProps", (ulFlags & MAPI_MOVE) != 0);
    if (hr != S_OK)
        return hr;
    if (!lpIncludeProps)
        return Obj_Fail(&t->hdr, "CopyProps", MAPI_E_INVALID_PARAMETER, "NULL tag array");
    return Obj_CopyProps(&t->hdr, "CopyProps", t, lpDestObj, lpIncludeProps, NULL, lpProgress,
                         ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Attach_GetNamesFromIDs(IAttach *This, LPSPropTagArray *lppPropTags,
                                                        LPGUID lpPropSetGuid, ULONG ulFlags,
                                                        ULONG *lpcPropNames,
                                                        LPMAPINAMEID **lpppPropNames)
{
    Attach *t = A(This);
    return Obj_GetNamesFromIDs(&t->hdr, t->msg->folder->store, lppPropTags, lpPropSetGuid, ulFlags,
                               lpcPropNames, lpppPropNames);
}

static HRESULT STDMETHODCALLTYPE Attach_GetIDsFromNames(IAttach *This, ULONG cPropNames,
                                                        LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                                                        LPSPropTagArray *lppPropTags)
{
    Attach *t = A(This);
    return Obj_GetIDsFromNames(&t->hdr, t->msg->folder->store, cPropNames, lppPropNames, ulFlags,
                               lppPropTags);
}

static const IAttachVtbl g_attachVtbl = {
    Attach_QueryInterface,  Attach_AddRef,         Attach_Release,     Attach_GetLastError,
    Attach_SaveChanges,     Attach_GetProps,       Attach_GetPropList, Attach_OpenProperty,
    Attach_SetProps,        Attach_DeleteProps,    Attach_CopyTo,      Attach_CopyProps,
    Attach_GetNamesFromIDs, Attach_GetIDsFromNames,
};

int Attach_IsOurs(const void *p) { return p && *(const void *const *)p == &g_attachVtbl; }

static Attach *NewAttach(Message *m, ULONG num, int writable)
{
    Attach *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    Obj_Init(&t->hdr, &g_attachVtbl, OBJ_OTHER, "IAttach", m->hdr.ds, Attach_Destroy);
    Obj_AddRef(&m->hdr);
    t->msg = m;
    t->num = num;
    t->access = writable ? MSG_READWRITE : MSG_READONLY;
    return t;
}

HRESULT Attach_Open(Message *m, const AttachRec *rec, int writable, Attach **out)
{
    Attach *t = NewAttach(m, rec->num, writable);
    if (!t)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (Bag_CopyFrom(&t->edit, &rec->props) != S_OK ||
        Content_Copy(rec->embedded, &t->embedded) != S_OK) {
        Obj_Release(&t->hdr);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = t;
    return S_OK;
}

HRESULT Attach_CreateNew(Message *m, Attach **out)
{
    Attach *t = NewAttach(m, m->subs.nextAttNum++, 1);
    if (!t)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    t->isNew = 1;
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = PR_RENDERING_POSITION;
    v.Value.l = -1;
    if (Bag_Set(&t->edit, &v) != S_OK) {
        Obj_Release(&t->hdr);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = t;
    return S_OK;
}

HRESULT Attach_CommitEmbedded(Attach *a, const PropBag *props, const SubObjs *subs)
{
    MsgContent *c = calloc(1, sizeof *c);
    if (!c || Bag_CopyFrom(&c->props, props) != S_OK || Subs_CopyFrom(&c->subs, subs) != S_OK) {
        Content_Free(c);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = PR_ATTACH_METHOD;
    v.Value.l = ATTACH_EMBEDDED_MSG;
    if (Bag_Set(&a->edit, &v) != S_OK) {
        Content_Free(c);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    Content_Free(a->embedded);
    a->embedded = c;
    return S_OK;
}
