/*
 * message.c - IMessage.
 *
 * Messages are transacted, as MAPI requires: an IMessage object edits a private copy of the
 * properties (taken when it is opened), and SaveChanges commits the copy to the store. Until then
 * nobody else sees the changes; a new message appears in its folder (contents table,
 * PR_CONTENT_COUNT) only after its first SaveChanges.
 *
 * After SaveChanges:
 *   KEEP_OPEN_READWRITE  the object stays read-write (the next SaveChanges commits again);
 *   KEEP_OPEN_READONLY   the object stays readable; SetProps/DeleteProps/SaveChanges return
 *                        MAPI_E_NO_ACCESS;
 *   neither              the object is closed, as MAPI specifies: every method except
 *                        AddRef/Release/QueryInterface/GetLastError returns MAPI_E_INVALID_OBJECT.
 *
 * Conflicts: if someone else saved the same message after this object opened it, SaveChanges
 * returns MAPI_E_OBJECT_CHANGED (FORCE_SAVE overwrites); if it was deleted, MAPI_E_OBJECT_DELETED.
 * Objects opened without MAPI_MODIFY / MAPI_BEST_ACCESS are read-only (MAPI_E_NO_ACCESS).
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "objects.h"

static Message *M(IMessage *This) { return (Message *)This; }

/* ---- Property source: the private copy plus the computed properties -------------------------- */
static const SPropValue *MsgSrc_Get(const PropSource *src, ULONG id, Arena *a)
{
    const Message *m = src->a;
    /* An embedded message has no identity of its own: no entry id, record key or parent. */
    if (m->parent && (id == PROP_ID(PR_ENTRYID) || id == PROP_ID(PR_RECORD_KEY) ||
                      id == PROP_ID(PR_PARENT_ENTRYID)))
        return NULL;
    return Data_MessageProp(m->folder, m->msgId, NULL, &m->edit, id, a);
}
static HRESULT MsgSrc_List(const PropSource *src, TagList *out)
{
    const Message *m = src->a;
    return Data_MessageTags(NULL, &m->edit, out);
}

/* Obj_Enter plus the message's own state checks. `write`: the method modifies the message. */
HRESULT Message_Enter(Message *m, const char *method, int write)
{
    HRESULT hr = Obj_Enter(&m->hdr, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    DS_Lock(m->hdr.ds);
    int access = m->access, deleted = m->folder->deleted;
    DS_Unlock(m->hdr.ds);
    if (access == MSG_CLOSED)
        return Obj_Fail(&m->hdr, method, MAPI_E_INVALID_OBJECT,
                        "the message was closed by SaveChanges without KEEP_OPEN_READWRITE or "
                        "KEEP_OPEN_READONLY");
    if (deleted)
        return Obj_Fail(&m->hdr, method, MAPI_E_OBJECT_DELETED, "the message's folder was deleted");
    if (write && access == MSG_READONLY)
        return Obj_Fail(&m->hdr, method, MAPI_E_NO_ACCESS,
                        "the message is read-only (opened without MAPI_MODIFY / MAPI_BEST_ACCESS, "
                        "or saved with KEEP_OPEN_READONLY)");
    return S_OK;
}
static HRESULT Enter(Message *m, const char *method, int write)
{
    return Message_Enter(m, method, write);
}

/* ---- IUnknown -------------------------------------------------------------------------------- */
static const IID *const g_mMessageIids[] = {&IID_IMessage, &IID_IMAPIProp};
static const QiSpec g_messageQi = {g_mMessageIids, ARRAY_COUNT(g_mMessageIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE Message_QueryInterface(IMessage *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&M(This)->hdr, &g_messageQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Message_AddRef(IMessage *This)
{
    return Obj_ComAddRef(&M(This)->hdr);
}
static ULONG STDMETHODCALLTYPE Message_Release(IMessage *This)
{
    return Obj_ComRelease(&M(This)->hdr);
}

static void Message_Destroy(ObjHeader *h)
{
    Message *m = (Message *)h;
    Bag_Free(&m->edit); /* unsaved changes are discarded, as MAPI specifies */
    Subs_Free(&m->subs);
    DS_Lock(h->ds);
    FolderRec_Release(m->folder);
    DS_Unlock(h->ds);
    if (m->parent)
        Obj_Release(&m->parent->hdr);
    Obj_Release(&m->store->hdr);
}

/* ---- IMAPIProp ------------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Message_GetLastError(IMessage *This, HRESULT hResult,
                                                      ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&M(This)->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE Message_SaveChanges(IMessage *This, ULONG ulFlags)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "SaveChanges", 1);
    if (hr != S_OK)
        return hr;
    /* NON_EMS_XP_SAVE 0x1000 and SPAMFILTER_ONSAVE 0x80 are PST hints: accepted, ignored. */
    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS |
                    0x1000u | 0x80u))
        return Obj_Fail(&m->hdr, "SaveChanges", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if ((ulFlags & KEEP_OPEN_READONLY) && (ulFlags & KEEP_OPEN_READWRITE))
        return Obj_Fail(&m->hdr, "SaveChanges", MAPI_E_INVALID_PARAMETER,
                        "KEEP_OPEN_READONLY and KEEP_OPEN_READWRITE together");

    DS_Lock(m->hdr.ds);
    /* Stamp the modification time on the copy being committed. */
    uint64_t now = Plat_NowFileTime();
    SPropValue mt;
    memset(&mt, 0, sizeof mt);
    mt.ulPropTag = PR_LAST_MODIFICATION_TIME;
    mt.Value.ft.dwLowDateTime = (DWORD)now;
    mt.Value.ft.dwHighDateTime = (DWORD)(now >> 32);
    hr = Bag_Set(&m->edit, &mt);
    if (hr == S_OK)
        hr = Subs_StampSummary(&m->edit, &m->subs); /* PR_DISPLAY_TO, PR_HASATTACH... */
    const char *why = "out of memory";
    if (hr == S_OK) {
        if (m->parent) {
            /* An embedded message saves into its attachment's copy. */
            hr = m->parent->access == MSG_READWRITE
                     ? Attach_CommitEmbedded(m->parent, &m->edit, &m->subs)
                     : MAPI_E_NO_ACCESS;
            if (hr == MAPI_E_NO_ACCESS)
                why = "the embedded message's attachment is read-only or closed";
        } else if (m->isNew) {
            MsgRec *rec = NULL;
            hr = Data_AddMessage(m->folder, m->msgId, &m->edit, &m->subs, &rec);
            if (hr == S_OK) {
                m->isNew = 0;
                m->baseVersion = rec->version;
            }
        } else {
            MsgRec *rec = Store_FindMessage(m->folder->store, m->msgId);
            if (!rec || rec->folder != m->folder) {
                hr = MAPI_E_OBJECT_DELETED;
                why = "the message was deleted since it was opened";
            } else if (rec->version != m->baseVersion && !(ulFlags & FORCE_SAVE)) {
                hr = MAPI_E_OBJECT_CHANGED;
                why = "the message was saved by another object since it was opened "
                      "(FORCE_SAVE overwrites)";
            } else if ((hr = Data_UpdateMessage(rec, &m->edit, &m->subs)) == S_OK) {
                m->baseVersion = rec->version;
            }
        }
    }
    if (hr == S_OK)
        m->access = (ulFlags & KEEP_OPEN_READWRITE)  ? MSG_READWRITE
                    : (ulFlags & KEEP_OPEN_READONLY) ? MSG_READONLY
                                                     : MSG_CLOSED;
    DS_Unlock(m->hdr.ds);
    return hr == S_OK ? S_OK : Obj_Fail(&m->hdr, "SaveChanges", hr, "%s", why);
}

static HRESULT STDMETHODCALLTYPE Message_GetProps(IMessage *This, LPSPropTagArray lpPropTagArray,
                                                  ULONG ulFlags, ULONG *lpcValues,
                                                  LPSPropValue *lppPropArray)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "GetProps", 0);
    if (hr != S_OK)
        return hr;
    PropSource src = {MsgSrc_Get, MsgSrc_List, m, NULL, 0, Knobs_StreamOver(&m->hdr.ds->knobs)};
    DS_Lock(m->hdr.ds);
    hr = Conform_GetProps(m->hdr.ds, &src, lpPropTagArray, ulFlags, lpcValues,
                          lppPropArray);
    DS_Unlock(m->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&m->hdr, "GetProps", hr, "GetProps failed") : hr;
}

static HRESULT STDMETHODCALLTYPE Message_GetPropList(IMessage *This, ULONG ulFlags,
                                                     LPSPropTagArray *lppPropTagArray)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "GetPropList", 0);
    if (hr != S_OK)
        return hr;
    PropSource src = {MsgSrc_Get, MsgSrc_List, m, NULL, 0, 0};
    DS_Lock(m->hdr.ds);
    hr = Props_GetPropList(&src, ulFlags, lppPropTagArray);
    DS_Unlock(m->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&m->hdr, "GetPropList", hr, "GetPropList failed") : hr;
}

static HRESULT EnterToWrite(ObjHeader *h, const char *method)
{
    return Enter((Message *)h, method, 1);
}

/* IID_IStream for binary and string properties; PR_MESSAGE_RECIPIENTS and PR_MESSAGE_ATTACHMENTS
 * as IMAPITable (the same tables as GetRecipientTable / GetAttachmentTable). */
static HRESULT STDMETHODCALLTYPE Message_OpenProperty(IMessage *This, ULONG ulPropTag, LPCIID lpiid,
                                                      ULONG ulInterfaceOptions, ULONG ulFlags,
                                                      LPUNKNOWN *lppUnk)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "OpenProperty", 0);
    if (hr != S_OK)
        return hr;
    if (!lpiid || !lppUnk)
        return Obj_Fail(&m->hdr, "OpenProperty", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppUnk = NULL;
    if (ulFlags & ~(MAPI_MODIFY | MAPI_CREATE | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS))
        return Obj_Fail(&m->hdr, "OpenProperty", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (IsEqualGUID(lpiid, &IID_IMAPITable) && ulPropTag == PR_MESSAGE_RECIPIENTS)
        return RecipientTable_Create(m, ulInterfaceOptions & MAPI_UNICODE, (LPMAPITABLE *)lppUnk);
    if (IsEqualGUID(lpiid, &IID_IMAPITable) && ulPropTag == PR_MESSAGE_ATTACHMENTS)
        return AttachmentTable_Create(m, ulInterfaceOptions & MAPI_UNICODE, (LPMAPITABLE *)lppUnk);
    if (!IsEqualGUID(lpiid, &IID_IStream))
        return Obj_Fail(&m->hdr, "OpenProperty", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "a message's properties open as IStream (PR_MESSAGE_RECIPIENTS and "
                        "PR_MESSAGE_ATTACHMENTS as IMAPITable)");
    PropStreamOwner o = {&m->hdr, EnterToWrite, &m->edit, m->access == MSG_READWRITE};
    return Prop_OpenStream(&o, ulPropTag, ulFlags, lppUnk);
}

/* SetProps / DeleteProps edit the private copy: read-only (MAPI_E_NO_ACCESS) is Enter's check,
 * and nobody sees the change before SaveChanges, so the change generation stays. */
static PropWriter Writer(Message *m)
{
    PropWriter w = {
        .hdr = &m->hdr,
        .enter = EnterToWrite,
        .bag = &m->edit,
        .isComputed = Data_MessageIsComputed,
    };
    return w;
}

static HRESULT STDMETHODCALLTYPE Message_SetProps(IMessage *This, ULONG cValues,
                                                  LPSPropValue lpPropArray,
                                                  LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(M(This));
    return Obj_SetProps(&w, cValues, lpPropArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Message_DeleteProps(IMessage *This, LPSPropTagArray lpPropTagArray,
                                                     LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(M(This));
    return Obj_DeleteProps(&w, lpPropTagArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Message_CopyTo(IMessage *This, ULONG ciidExclude,
                                                LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                                                ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                                LPSPropProblemArray *lppProblems)
{
    Message *m = M(This);
    (void)ciidExclude, (void)rgiidExclude, (void)ulUIParam, (void)lpInterface;
    HRESULT hr = Enter(m, "CopyTo", (ulFlags & MAPI_MOVE) != 0);
    if (hr != S_OK)
        return hr;
    return Obj_CopyProps(&m->hdr, "CopyTo", m, lpDestObj, NULL, lpExcludeProps, lpProgress,
                         ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Message_CopyProps(IMessage *This, LPSPropTagArray lpIncludeProps,
                                                   ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                   LPCIID lpInterface, LPVOID lpDestObj,
                                                   ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    Message *m = M(This);
    (void)ulUIParam, (void)lpInterface;
    HRESULT hr = Enter(m, "CopyProps", (ulFlags & MAPI_MOVE) != 0);
    if (hr != S_OK)
        return hr;
    if (!lpIncludeProps)
        return Obj_Fail(&m->hdr, "CopyProps", MAPI_E_INVALID_PARAMETER, "NULL tag array");
    return Obj_CopyProps(&m->hdr, "CopyProps", m, lpDestObj, lpIncludeProps, NULL, lpProgress,
                         ulFlags, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Message_GetNamesFromIDs(IMessage *This,
                                                         LPSPropTagArray *lppPropTags,
                                                         LPGUID lpPropSetGuid, ULONG ulFlags,
                                                         ULONG *lpcPropNames,
                                                         LPMAPINAMEID **lpppPropNames)
{
    return Obj_GetNamesFromIDs(&M(This)->hdr, M(This)->folder->store, lppPropTags, lpPropSetGuid,
                               ulFlags, lpcPropNames, lpppPropNames);
}

static HRESULT STDMETHODCALLTYPE Message_GetIDsFromNames(IMessage *This, ULONG cPropNames,
                                                         LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                                                         LPSPropTagArray *lppPropTags)
{
    return Obj_GetIDsFromNames(&M(This)->hdr, M(This)->folder->store, cPropNames, lppPropNames,
                               ulFlags, lppPropTags);
}

/* ---- IMessage -------------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Message_GetAttachmentTable(IMessage *This, ULONG ulFlags,
                                                            LPMAPITABLE *lppTable)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "GetAttachmentTable", 0);
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&m->hdr, "GetAttachmentTable", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&m->hdr, "GetAttachmentTable", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    hr = AttachmentTable_Create(m, ulFlags, lppTable);
    return hr == S_OK ? S_OK : Obj_Fail(&m->hdr, "GetAttachmentTable", hr, "out of memory");
}

static HRESULT STDMETHODCALLTYPE Message_OpenAttach(IMessage *This, ULONG ulAttachmentNum,
                                                    LPCIID lpInterface, ULONG ulFlags,
                                                    LPATTACH *lppAttach)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "OpenAttach", 0);
    if (hr != S_OK)
        return hr;
    if (!lppAttach)
        return Obj_Fail(&m->hdr, "OpenAttach", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppAttach = NULL;
    if (ulFlags & ~(MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&m->hdr, "OpenAttach", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IAttachment) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
        return Obj_Fail(&m->hdr, "OpenAttach", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "attachments are IAttach");
    if ((ulFlags & MAPI_MODIFY) && m->access != MSG_READWRITE)
        return Obj_Fail(&m->hdr, "OpenAttach", MAPI_E_NO_ACCESS,
                        "MAPI_MODIFY on an attachment of a read-only message");
    int writable = (ulFlags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) && m->access == MSG_READWRITE;
    DS_Lock(m->hdr.ds);
    AttachRec *rec = Subs_FindAttach(&m->subs, ulAttachmentNum);
    Attach *a = NULL;
    hr = rec ? Attach_Open(m, rec, writable, &a) : MAPI_E_NOT_FOUND;
    DS_Unlock(m->hdr.ds);
    if (hr != S_OK)
        return Obj_Fail(&m->hdr, "OpenAttach", hr, "no attachment %lu",
                        (unsigned long)ulAttachmentNum);
    *lppAttach = (LPATTACH)a;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Message_CreateAttach(IMessage *This, LPCIID lpInterface,
                                                      ULONG ulFlags, ULONG *lpulAttachmentNum,
                                                      LPATTACH *lppAttach)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "CreateAttach", 1);
    if (hr != S_OK)
        return hr;
    if (!lpulAttachmentNum || !lppAttach)
        return Obj_Fail(&m->hdr, "CreateAttach", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppAttach = NULL;
    if (ulFlags & ~MAPI_DEFERRED_ERRORS)
        return Obj_Fail(&m->hdr, "CreateAttach", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IAttachment))
        return Obj_Fail(&m->hdr, "CreateAttach", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "attachments are IAttach");
    DS_Lock(m->hdr.ds);
    Attach *a = NULL;
    hr = Attach_CreateNew(m, &a);
    DS_Unlock(m->hdr.ds);
    if (hr != S_OK)
        return Obj_Fail(&m->hdr, "CreateAttach", hr, "out of memory");
    *lpulAttachmentNum = a->num;
    *lppAttach = (LPATTACH)a;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Message_DeleteAttach(IMessage *This, ULONG ulAttachmentNum,
                                                      ULONG_PTR ulUIParam,
                                                      LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    Message *m = M(This);
    (void)ulUIParam, (void)lpProgress; /* progress is shown only with ATTACH_DIALOG */
    HRESULT hr = Enter(m, "DeleteAttach", 1);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~ATTACH_DIALOG)
        return Obj_Fail(&m->hdr, "DeleteAttach", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    DS_Lock(m->hdr.ds);
    int found = Subs_RemoveAttach(&m->subs, ulAttachmentNum);
    if (found)
        m->subsGen++;
    DS_Unlock(m->hdr.ds);
    return found ? S_OK
                 : Obj_Fail(&m->hdr, "DeleteAttach", MAPI_E_NOT_FOUND, "no attachment %lu",
                            (unsigned long)ulAttachmentNum);
}

static HRESULT STDMETHODCALLTYPE Message_GetRecipientTable(IMessage *This, ULONG ulFlags,
                                                           LPMAPITABLE *lppTable)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "GetRecipientTable", 0);
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&m->hdr, "GetRecipientTable", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&m->hdr, "GetRecipientTable", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    hr = RecipientTable_Create(m, ulFlags, lppTable);
    return hr == S_OK ? S_OK : Obj_Fail(&m->hdr, "GetRecipientTable", hr, "out of memory");
}

static HRESULT STDMETHODCALLTYPE Message_ModifyRecipients(IMessage *This, ULONG ulFlags,
                                                          LPADRLIST lpMods)
{
    return Recips_Modify(M(This), ulFlags, lpMods);
}

/* ---- SubmitMessage: the simulated server sends at once ----------------------------------------
 * The message is stamped as sent (MSGFLAG_UNSENT cleared, read, PR_CLIENT_SUBMIT_TIME and
 * PR_MESSAGE_DELIVERY_TIME now, recipients MAPI_SUBMITTED), stored in the folder PR_SENTMAIL_ENTRYID
 * names or Sent Items (nowhere with PR_DELETE_AFTER_SUBMIT), removed from the folder it was saved
 * in, and delivered unread to the Inbox once for each recipient in the sample's own domain
 * (@sample.kmapi). The object is spent afterwards, as MAPI specifies. */
#define SAMPLE_DOMAIN u"@sample.kmapi"

static int EndsWithI(const WCHAR *s, const WCHAR *tail)
{
    size_t n = WStrLen(s), t = WStrLen(tail);
    if (t > n)
        return 0;
    for (size_t i = 0; i < t; i++)
        if (FoldCase(s[n - t + i]) != FoldCase(tail[i]))
            return 0;
    return 1;
}

/* Where the sent copy goes (lock held): NULL for PR_DELETE_AFTER_SUBMIT. */
static FolderRec *SentFolder(Message *m, HRESULT *hr)
{
    StoreRec *s = m->folder->store;
    const SPropValue *del = Bag_Get(&m->edit, PROP_ID(PR_DELETE_AFTER_SUBMIT));
    *hr = S_OK;
    if (del && PROP_TYPE(del->ulPropTag) == PT_BOOLEAN && del->Value.b)
        return NULL;
    const SPropValue *eid = Bag_Get(&m->edit, PROP_ID(PR_SENTMAIL_ENTRYID));
    if (eid && PROP_TYPE(eid->ulPropTag) == PT_BINARY) {
        EntryId id;
        FolderRec *f = NULL;
        if (Eid_Parse(eid->Value.bin.cb, (LPENTRYID)eid->Value.bin.lpb, &id) == S_OK &&
            id.objType == MAPI_FOLDER && id.store == s->index)
            f = Store_FindFolder(s, id.folder);
        if (!f)
            *hr = MAPI_E_NOT_FOUND;
        return f;
    }
    return s->sent;
}

static HRESULT Submit(Message *m, const char **why)
{
    if (!m->subs.cRecips) {
        *why = "the message has no recipients";
        return MAPI_E_NO_RECIPIENTS;
    }
    uint64_t now = Plat_NowFileTime();
    const SPropValue *fl = Bag_Get(&m->edit, PROP_ID(PR_MESSAGE_FLAGS));
    ULONG flags = fl && PROP_TYPE(fl->ulPropTag) == PT_LONG ? fl->Value.ul : 0;
    HRESULT hr = Bag_SetLong(&m->edit, PR_MESSAGE_FLAGS,
                      (LONG)((flags & ~(MSGFLAG_UNSENT | MSGFLAG_SUBMIT)) | MSGFLAG_READ));
    if (hr == S_OK)
        hr = Bag_SetTime(&m->edit, PR_CLIENT_SUBMIT_TIME, Ft_FromU64(now));
    if (hr == S_OK)
        hr = Bag_SetTime(&m->edit, PR_MESSAGE_DELIVERY_TIME, Ft_FromU64(now));
    for (ULONG i = 0; hr == S_OK && i < m->subs.cRecips; i++) {
        const SPropValue *t = Bag_Get(&m->subs.recips[i].props, PROP_ID(PR_RECIPIENT_TYPE));
        hr = Bag_SetLong(&m->subs.recips[i].props, PR_RECIPIENT_TYPE,
                  (LONG)((t ? t->Value.ul : MAPI_TO) | MAPI_SUBMITTED));
    }
    if (hr == S_OK)
        hr = Subs_StampSummary(&m->edit, &m->subs);
    if (hr != S_OK)
        return hr;
    FolderRec *sent = SentFolder(m, &hr);
    if (hr != S_OK) {
        *why = "PR_SENTMAIL_ENTRYID is not a folder of this store";
        return hr;
    }
    MsgRec *copy = NULL;
    if (sent && (hr = Data_AddMessage(sent, Data_NewMessageId(sent->store), &m->edit, &m->subs,
                                      &copy)) != S_OK)
        return hr;
    /* Local delivery: unread, not yet submitted by anyone, in the default store's Inbox. */
    StoreRec *home = DS_StoreByIndex(m->hdr.ds, 1);
    for (ULONG i = 0; hr == S_OK && home && home->inbox && i < m->subs.cRecips; i++) {
        const SPropValue *e = Bag_Get(&m->subs.recips[i].props, PROP_ID(PR_EMAIL_ADDRESS_W));
        if (!e || PROP_TYPE(e->ulPropTag) != PT_UNICODE || !EndsWithI(e->Value.lpszW, SAMPLE_DOMAIN))
            continue;
        PropBag in = {0};
        hr = Bag_CopyFrom(&in, &m->edit);
        if (hr == S_OK)
            hr = Bag_SetLong(&in, PR_MESSAGE_FLAGS, 0); /* unread, received */
        if (hr == S_OK)
            hr = Data_AddMessage(home->inbox, Data_NewMessageId(home), &in, &m->subs, &copy);
        if (hr == S_OK)
            Ntf_NewMail(copy);
        Bag_Free(&in);
    }
    if (hr == S_OK && !m->isNew) {
        MsgRec *rec = Store_FindMessage(m->folder->store, m->msgId);
        if (rec && rec->folder == m->folder)
            Data_DeleteMessage(rec); /* it leaves Drafts / the Outbox */
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE Message_SubmitMessage(IMessage *This, ULONG ulFlags)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "SubmitMessage", 1);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~FORCE_SUBMIT)
        return Obj_Fail(&m->hdr, "SubmitMessage", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (m->parent)
        return Obj_Fail(&m->hdr, "SubmitMessage", MAPI_E_NO_SUPPORT,
                        "an embedded message cannot be submitted");
    const char *why = "out of memory";
    DS_Lock(m->hdr.ds);
    hr = Submit(m, &why);
    if (hr == S_OK)
        m->access = MSG_CLOSED;
    DS_Unlock(m->hdr.ds);
    return hr == S_OK ? S_OK : Obj_Fail(&m->hdr, "SubmitMessage", hr, "%s", why);
}

/* SetReadFlag: MSGFLAG_READ on the copy and, for a saved message, on the stored record at once
 * (read state is not transacted in MAPI). */
static HRESULT STDMETHODCALLTYPE Message_SetReadFlag(IMessage *This, ULONG ulFlags)
{
    Message *m = M(This);
    HRESULT hr = Enter(m, "SetReadFlag", 0);
    if (hr != S_OK)
        return hr;
    /* SUPPRESS_RECEIPT 0x1, CLEAR_READ_FLAG 0x4, MAPI_DEFERRED_ERRORS 0x8, GENERATE_RECEIPT_ONLY
     * 0x10, CLEAR_RN_PENDING 0x20, CLEAR_NRN_PENDING 0x40 */
    if (ulFlags & ~0x7Du)
        return Obj_Fail(&m->hdr, "SetReadFlag", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (ulFlags & 0x10u)
        return S_OK; /* a receipt only: nothing to send here */
    int clear = (ulFlags & 0x4u) != 0;
    DS_Lock(m->hdr.ds);
    const SPropValue *fl = Bag_Get(&m->edit, PROP_ID(PR_MESSAGE_FLAGS));
    ULONG flags = fl && PROP_TYPE(fl->ulPropTag) == PT_LONG ? fl->Value.ul : 0;
    flags = clear ? flags & ~MSGFLAG_READ : flags | MSGFLAG_READ;
    hr = Bag_SetLong(&m->edit, PR_MESSAGE_FLAGS, (LONG)flags);
    if (hr == S_OK && !m->isNew && !m->parent) {
        MsgRec *rec = Store_FindMessage(m->folder->store, m->msgId);
        if (rec && rec->folder == m->folder) {
            PropBag bag = {0};
            SubObjs subs = {0};
            hr = Data_MaterializeMessage(rec, &bag);
            if (hr == S_OK)
                hr = Data_MaterializeSubs(rec, &subs);
            if (hr == S_OK)
                hr = Bag_SetLong(&bag, PR_MESSAGE_FLAGS, (LONG)flags);
            if (hr == S_OK && (hr = Data_UpdateMessage(rec, &bag, &subs)) == S_OK)
                m->baseVersion = rec->version; /* our own change is no conflict */
            Bag_Free(&bag);
            Subs_Free(&subs);
        }
    }
    DS_Unlock(m->hdr.ds);
    return hr == S_OK ? S_OK : Obj_Fail(&m->hdr, "SetReadFlag", hr, "out of memory");
}

static const IMessageVtbl g_messageVtbl = {
    Message_QueryInterface,    Message_AddRef,           Message_Release,
    Message_GetLastError,      Message_SaveChanges,      Message_GetProps,
    Message_GetPropList,       Message_OpenProperty,     Message_SetProps,
    Message_DeleteProps,       Message_CopyTo,           Message_CopyProps,
    Message_GetNamesFromIDs,   Message_GetIDsFromNames,  Message_GetAttachmentTable,
    Message_OpenAttach,        Message_CreateAttach,     Message_DeleteAttach,
    Message_GetRecipientTable, Message_ModifyRecipients, Message_SubmitMessage,
    Message_SetReadFlag,
};

int Message_IsOurs(const void *p) { return p && *(const void *const *)p == &g_messageVtbl; }

static Message *NewMessage(Store *store, FolderRec *folder)
{
    Message *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    Obj_Init(&m->hdr, &g_messageVtbl, OBJ_MESSAGE, "IMessage", store->hdr.ds, Message_Destroy);
    Obj_AddRef(&store->hdr);
    m->store = store;
    FolderRec_AddRef(folder);
    m->folder = folder;
    return m;
}

HRESULT Message_Open(Store *store, MsgRec *rec, int writable, Message **out)
{
    Message *m = NewMessage(store, rec->folder);
    if (!m)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    m->msgId = rec->id;
    m->baseVersion = rec->version;
    m->access = writable ? MSG_READWRITE : MSG_READONLY;
    HRESULT hr = Data_MaterializeMessage(rec, &m->edit);
    if (hr == S_OK)
        hr = Data_MaterializeSubs(rec, &m->subs);
    if (hr != S_OK) {
        Obj_Release(&m->hdr);
        return hr;
    }
    *out = m;
    return S_OK;
}

HRESULT Message_CreateNew(Store *store, FolderRec *folder, Message **out)
{
    Message *m = NewMessage(store, folder);
    if (!m)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    m->msgId = Data_NewMessageId(folder->store);
    m->isNew = 1;
    m->access = MSG_READWRITE;

    /* What a store puts on a new message: class, flags (unsent, read) and times. */
    uint64_t now = Plat_NowFileTime();
    SPropValue v[4];
    memset(v, 0, sizeof v);
    v[0].ulPropTag = PR_MESSAGE_CLASS_W;
    v[0].Value.lpszW = (LPWSTR)u"IPM.Note";
    v[1].ulPropTag = PR_MESSAGE_FLAGS;
    v[1].Value.l = (LONG)(MSGFLAG_UNSENT | MSGFLAG_READ);
    v[2].ulPropTag = PR_CREATION_TIME;
    v[2].Value.ft.dwLowDateTime = (DWORD)now;
    v[2].Value.ft.dwHighDateTime = (DWORD)(now >> 32);
    v[3] = v[2];
    v[3].ulPropTag = PR_LAST_MODIFICATION_TIME;
    HRESULT hr = S_OK;
    for (int i = 0; i < 4 && hr == S_OK; i++)
        hr = Bag_Set(&m->edit, &v[i]);
    if (hr != S_OK) {
        Obj_Release(&m->hdr);
        return hr;
    }
    *out = m;
    return S_OK;
}

HRESULT Message_OpenEmbedded(Attach *a, int writable, Message **out)
{
    Message *parent = a->msg;
    Message *m = NewMessage(parent->store, parent->folder);
    if (!m)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_AddRef(&a->hdr);
    m->parent = a;
    m->access = writable ? MSG_READWRITE : MSG_READONLY;
    if (Bag_CopyFrom(&m->edit, &a->embedded->props) != S_OK ||
        Subs_CopyFrom(&m->subs, &a->embedded->subs) != S_OK) {
        Obj_Release(&m->hdr);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = m;
    return S_OK;
}
