/*
 * objects.h - the COM objects: session, message store, folder, message.
 *
 * Ownership graph (every arrow is a counted reference, so any release order is safe):
 *
 *   Table -> its source object (Session for the stores table, Folder for hierarchy/contents)
 *   Message -> Store, FolderRec          Folder -> Store, FolderRec
 *   Store -> Session                     every object -> DataSet
 *
 * A parent never references its children; an object lives until its last Release.
 */
#ifndef KMAPI_SAMPLE_OBJECTS_H
#define KMAPI_SAMPLE_OBJECTS_H

#include "data.h"
#include "provider.h"
#include "table.h"

typedef struct Session {
    ObjHeader hdr;
    ULONG logonFlags; /* MAPILogonEx flags */
    /* 1 while the session uses its file profile (profile_use.c): the first decrement to 0, at
     * Logoff or at the last Release, ends the use */
    volatile int32_t profileUse;
} Session;
/* The session's use of its file profile begins (MAPILogonEx) and ends (Logoff, last Release). */
HRESULT Session_UseProfile(Session *s);

struct Store {
    ObjHeader hdr;
    Session *session; /* referenced */
    StoreRec *rec;
    int writable; /* opened with MDB_WRITE or MAPI_BEST_ACCESS */
};

typedef struct Folder {
    ObjHeader hdr;
    Store *store;   /* referenced */
    FolderRec *rec; /* referenced (FolderRec_AddRef) */
    int writable;   /* opened with MAPI_MODIFY / MAPI_BEST_ACCESS, or created */
} Folder;

enum { MSG_READWRITE, MSG_READONLY, MSG_CLOSED };

typedef struct Attach Attach;

typedef struct Message {
    ObjHeader hdr;
    Store *store;      /* referenced */
    FolderRec *folder; /* referenced: the parent folder (an embedded message: its top message's) */
    ULONG msgId;       /* 0 for an embedded message */
    int isNew;         /* created by CreateMessage and never saved */
    ULONG baseVersion; /* MsgRec.version this copy is based on */
    PropBag edit;      /* the object's private copy of the properties */
    SubObjs subs;      /* ... and of its recipients and attachments */
    ULONG subsGen;     /* bumped by every change to subs: its recipient / attachment tables watch it */
    int access;        /* MSG_READWRITE / MSG_READONLY / MSG_CLOSED (after SaveChanges(0)) */
    Attach *parent;    /* an embedded message: the attachment it belongs to (referenced) */
} Message;

/* IAttach: a private copy of one attachment of an open message (attach.c). SaveChanges commits
 * it into the message's copy (Message.subs); the message's SaveChanges stores it. */
struct Attach {
    ObjHeader hdr;
    Message *msg; /* referenced */
    ULONG num;    /* PR_ATTACH_NUM */
    int isNew;    /* created by CreateAttach and never saved */
    PropBag edit;
    MsgContent *embedded; /* private copy of the embedded message (ATTACH_EMBEDDED_MSG), or NULL */
    int access;           /* MSG_READWRITE / MSG_READONLY / MSG_CLOSED */
};

HRESULT Session_Create(DataSet *ds, ULONG logonFlags, Session **out);
HRESULT Store_Create(Session *session, StoreRec *rec, int writable, Store **out);
/* Folder_Create / Message_Open / Message_CreateNew are called with the data-set lock held. */
HRESULT Folder_Create(Store *store, FolderRec *rec, int writable, Folder **out);
HRESULT Message_Open(Store *store, MsgRec *rec, int writable, Message **out);
HRESULT Message_CreateNew(Store *store, FolderRec *folder, Message **out);
/* The embedded message of an attachment (lock held): its copy of a->embedded. */
HRESULT Message_OpenEmbedded(Attach *a, int writable, Message **out);
/* Message's own checks at the top of a method (closed, deleted folder, read-only when write). */
HRESULT Message_Enter(Message *m, const char *method, int write);

/* Whether p is one of this provider's objects of that kind (its vtable), for arguments such as
 * CopyMessages' destination folder or CopyTo's destination object. */
int Folder_IsOurs(const void *p);
int Message_IsOurs(const void *p);
int Attach_IsOurs(const void *p);
int Attach_IsComputedId(ULONG propId);
HRESULT Attach_EnterWrite(ObjHeader *h, const char *method);

/* copy.c: CopyMessages, EmptyFolder, CopyFolder, CopyTo/CopyProps (lock not held; each checks
 * its own arguments' contents, the caller the flags and pointers). */
HRESULT Folder_DoCopyMessages(Folder *f, const ENTRYLIST *list, Folder *dest,
                              LPMAPIPROGRESS lpProgress, ULONG ulFlags);
HRESULT Folder_DoEmpty(Folder *f, LPMAPIPROGRESS lpProgress, ULONG ulFlags);
HRESULT Folder_DoCopyFolder(Folder *f, FolderRec *src, Folder *dest, const WCHAR *newName,
                            LPMAPIPROGRESS lpProgress, ULONG ulFlags);
/* include (CopyProps) or exclude (CopyTo) lists; self is srcObj's header. */
HRESULT Obj_CopyProps(ObjHeader *self, const char *method, void *srcObj, void *lpDestObj,
                      const SPropTagArray *include, const SPropTagArray *exclude,
                      LPMAPIPROGRESS lpProgress, ULONG ulFlags, LPSPropProblemArray *lppProblems);

/* attach.c: lock held. */
HRESULT Attach_Open(Message *m, const AttachRec *rec, int writable, Attach **out);
HRESULT Attach_CreateNew(Message *m, Attach **out);
/* An embedded message's SaveChanges: its copy becomes the attachment's (lock held). */
HRESULT Attach_CommitEmbedded(Attach *a, const PropBag *props, const SubObjs *subs);
HRESULT RecipientTable_Create(Message *m, ULONG ulFlags, LPMAPITABLE *lppTable);
HRESULT AttachmentTable_Create(Message *m, ULONG ulFlags, LPMAPITABLE *lppTable);
/* ModifyRecipients on the message's copy (lock not held). */
HRESULT Recips_Modify(Message *m, ULONG ulFlags, const ADRLIST *lpMods);

/*
 * OpenProperty(IID_IStream) on an object's property bag (openprop.c): a read-only stream over a
 * copy of the value, or with MAPI_MODIFY (and MAPI_CREATE to start empty) a writable one whose
 * Commit writes the value back into the bag, after `enterWrite` says the owner may be written.
 */
typedef struct PropStreamOwner {
    ObjHeader *hdr;
    HRESULT (*enterWrite)(ObjHeader *h, const char *method);
    PropBag *bag;
    int writable; /* the owner was opened for writing */
} PropStreamOwner;
HRESULT Prop_OpenStream(const PropStreamOwner *o, ULONG ulPropTag, ULONG ulFlags,
                        LPUNKNOWN *lppUnk);

/*
 * OpenEntry shared by IMAPISession, IMsgStore and IMAPIFolder. `store` is the store the call was
 * made on (NULL for the session, which can open entries of any store). A NULL entry id opens the
 * store's root folder. Returns the object in *lppUnk and its type in *lpulObjType.
 */
HRESULT Entry_Open(ObjHeader *caller, const char *method, Session *session, Store *store,
                   ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                   ULONG *lpulObjType, LPUNKNOWN *lppUnk);
/* CompareEntryIDs shared by the session and stores. */
HRESULT Entry_Compare(ULONG cb1, LPENTRYID e1, ULONG cb2, LPENTRYID e2, ULONG ulFlags,
                      ULONG *lpulResult);

/*
 * The IMAPIProp write path (SetProps and DeleteProps) shared by stores, folders and messages:
 * enter, the arguments, the writable check, the write into the bag under the data-set lock, the
 * problem array, and the failure recorded for GetLastError. A PropWriter says what differs.
 */
typedef struct PropWriter {
    ObjHeader *hdr;
    /* The method prologue: Obj_Enter plus the object's own state checks (a deleted folder, a
     * closed or read-only message). NULL: Obj_Enter(ENTER_NORMAL). */
    HRESULT (*enter)(ObjHeader *h, const char *method);
    /* NULL when the object may be written, else why not: MAPI_E_NO_ACCESS with that text,
     * checked after the arguments. */
    const char *readOnly;
    PropBag *bag; /* where the values go: the record's (write-through) or a private copy */
    int (*isComputed)(ULONG propId);
    /* SetProps: the object's own rule for one value, called with the lock held (see
     * Props_SetProps; ctx is hdr). NULL for none. */
    SCODE (*check)(void *obj, const SPropValue *v);
    ULONG keepId;     /* DeleteProps: the id the object must keep (Props_DeleteProps), 0 none */
    int writeThrough; /* the write is visible at once: bump the data set's change generation */
    /* A write-through write changed these tags (lock held): the object's fnevObjectModified.
     * NULL for none. */
    void (*changed)(ObjHeader *h, const ULONG *tags, ULONG cTags);
} PropWriter;

HRESULT Obj_SetProps(const PropWriter *w, ULONG cValues, const SPropValue *lpPropArray,
                     LPSPropProblemArray *lppProblems);
HRESULT Obj_DeleteProps(const PropWriter *w, const SPropTagArray *lpPropTagArray,
                        LPSPropProblemArray *lppProblems);

/* conform.c (README.md "Conformance knobs"). At logon: leak.thread and leak.buffer. GetProps of
 * stores, folders and messages (data-set lock held): Props_GetProps with the logon's props.*
 * knobs. */
void Conform_AtLogon(DataSet *ds);
HRESULT Conform_GetProps(DataSet *ds, const PropSource *src, LPSPropTagArray lpTags,
                         ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppProps);

/* Tables over the data. */
HRESULT StoresTable_Create(Session *session, ULONG ulFlags, LPMAPITABLE *lppTable);
HRESULT HierarchyTable_Create(Folder *folder, ULONG ulFlags, LPMAPITABLE *lppTable);
HRESULT ContentsTable_Create(Folder *folder, ULONG ulFlags, LPMAPITABLE *lppTable);

#endif /* KMAPI_SAMPLE_OBJECTS_H */
