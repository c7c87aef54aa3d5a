/*
 * data.h - the data behind one logon: two message stores with folders and messages.
 *
 * A DataSet is created by MAPILogonEx and shared (reference counted) by every object of that
 * session. Records (StoreRec, FolderRec, MsgRec) are plain data guarded by the DataSet's lock;
 * the COM objects (session.c, store.c, folder.c, message.c, table.c) sit on top of them.
 *
 * Messages are generated lazily and deterministically: a generated message is a small MsgRec
 * (id, generator index) whose properties are computed on demand from (seed, folder, index), so
 * a 100 000-message Inbox costs a few MB and logs on in milliseconds. A message that is saved
 * through IMessage::SaveChanges gets a real property bag instead.
 */
#ifndef KMAPI_SAMPLE_DATA_H
#define KMAPI_SAMPLE_DATA_H

#include "content.h"
#include "props.h"
#include "provider.h"

typedef struct StoreRec StoreRec;
typedef struct FolderRec FolderRec;

typedef struct MsgRec {
    ULONG id;          /* unique in its store; part of the entry id */
    FolderRec *folder; /* the folder that contains it */
    ULONG genIndex;    /* generator index, used while bag == NULL */
    PropBag *bag;      /* NULL: properties are generated on demand */
    SubObjs *subs;     /* recipients and attachments; NULL while bag is (generated on demand) */
    ULONG version;     /* bumped by every SaveChanges: detects MAPI_E_OBJECT_CHANGED */
    ULONG flags;       /* PR_MESSAGE_FLAGS, cached for PR_CONTENT_UNREAD */
    int pooled;        /* allocated in the folder's generated pool, not on its own */
} MsgRec;

struct FolderRec {
    int32_t cRef; /* the tree holds one; open folders and tables one each (under lock) */
    StoreRec *store;
    ULONG id;          /* unique in its store; part of the entry id */
    FolderRec *parent; /* NULL for the root */
    FolderRec **children;
    ULONG cChildren, capChildren;
    ULONG folderType; /* FOLDER_ROOT / FOLDER_GENERIC */
    PropBag props;    /* PR_DISPLAY_NAME_W, PR_CONTAINER_CLASS_W, PR_COMMENT_W, client props */
    MsgRec **msgs;    /* contents, in creation order */
    ULONG cMsgs, capMsgs;
    MsgRec *pool; /* generated messages (one allocation) */
    ULONG cUnread;
    ULONG contentsGen; /* bumped whenever a message is added, removed or saved */
    int deleted;       /* removed from the tree; objects still referencing it get
                         * MAPI_E_OBJECT_DELETED */
};

/* Message id -> MsgRec (open addressing). */
typedef struct MsgIndex {
    MsgRec **slots;
    ULONG cap, used, tomb;
} MsgIndex;

/* Named-property mapping of a store (MAPI maps names to ids 0x8000-0xFFFE per store). */
typedef struct NamedEntry {
    GUID guid;
    ULONG kind;  /* MNID_ID / MNID_STRING */
    LONG lid;    /* MNID_ID */
    WCHAR *name; /* MNID_STRING (malloc'ed) */
    ULONG propId;
} NamedEntry;
typedef struct NamedMap {
    NamedEntry *e;
    ULONG c, cap;
    ULONG nextId;
} NamedMap;

struct StoreRec {
    DataSet *ds;
    ULONG index; /* 1 = "Sample Mailbox", 2 = "Sample Archive"; part of every entry id */
    int isDefault;
    MAPIUID recordKey; /* PR_RECORD_KEY / PR_STORE_RECORD_KEY */
    MAPIUID mdbProvider;
    FolderRec *root, *ipm, *inbox, *outbox, *sent, *wastebasket, *drafts;
    FolderRec **folders; /* every live folder, for lookup by id */
    ULONG cFolders, capFolders;
    MsgIndex msgIndex;
    ULONG nextFolderId, nextMsgId;
    PropBag props; /* PR_DISPLAY_NAME_W and client-set properties */
    NamedMap named;
    ULONG syncRuns; /* IMAPISync runs started on this store: sync.c's sequence number */
};

typedef struct Persist Persist;

struct DataSet {
    volatile int32_t cRef;
    PlatRecMutex lock;
    ULONG lockDepth; /* DS_Lock nesting (under lock): the outermost DS_Unlock saves */
    Knobs knobs;     /* effective knobs of this logon (fault rules are checked from here) */
    int loggedOff;   /* IMAPISession::Logoff was called */
    ULONG changeGen; /* bumped by every change: hierarchy tables watch it */
    StoreRec stores[2];
    ULONG cStores;
    /* store=PATH (persist.c, merge.c): NULL when the data set lives in memory only */
    Persist *persist;
    ULONG savedGen;        /* changeGen of the last successful save */
    HRESULT persistHr;     /* the last save's failure (S_OK once a save succeeds) */
    char persistText[1400]; /* ... and its reason, for Logoff's GetLastError */
    /* Notifications (notify.[ch]): the engine, and (under lock) a counter that silences the
     * Data_* change hooks while a caller raises its own (a move is not a create and a delete). */
    struct Notifier *ntf;
    ULONG ntfQuiet;
    /* IMAPISync's misbehaviours that live on the data set (sync.c, guarded by its own lock):
     * sync.sharedCallback's "current" callback, and sync.stuckBusy's flag. */
    struct SyncShared *syncShared;
    int syncStuckBusy;
    ULONG conformMallocs; /* props.mallocBuffer: GetProps results handed out in malloc memory */
};

/* ---- Data set -------------------------------------------------------------------------------- */
/* The generated data set, or with knobs->store the one in that file (persist.c). On failure err
 * says why (for SampleProvider_GetLogonError). */
HRESULT DS_Create(const Knobs *knobs, DataSet **pds, char *err, size_t cbErr);
void DS_AddRef(DataSet *ds);
void DS_Release(DataSet *ds);
/* With store=PATH the outermost DS_Lock .. DS_Unlock is a transaction on the file: DS_Lock takes
 * the file's lock and merges other logons' changes; DS_Unlock saves when something changed
 * (changeGen moved) and lets the file lock go, and closes the file once the session has logged
 * off (final save). */
void DS_Lock(DataSet *ds);
void DS_Unlock(DataSet *ds);
int DS_IsLoggedOff(DataSet *ds);
StoreRec *DS_StoreByIndex(DataSet *ds, ULONG index);

/* ---- Entry ids --------------------------------------------------------------------------------
 * Format (36 bytes, integers little-endian):
 *   0  abFlags[4]      0 0 0 0 (long-term entry id)
 *   4  MAPIUID         the provider's UID: "KMAPI-SAMPLE-EID" in ASCII
 *  20  ULONG objType   MAPI_STORE (1), MAPI_FOLDER (3) or MAPI_MESSAGE (5)
 *  24  ULONG store     store index (1 mailbox, 2 archive)
 *  28  ULONG folder    folder id (0 for a store)
 *  32  ULONG message   message id (0 for a store or folder)
 */
#define EID_SIZE 36u
typedef struct EntryId {
    ULONG objType, store, folder, message;
} EntryId;
/* Parses an entry id of this provider: S_OK, MAPI_E_INVALID_ENTRYID (malformed / foreign). */
HRESULT Eid_Parse(ULONG cb, const ENTRYID *eid, EntryId *out);
void Eid_Write(const EntryId *id, BYTE out[EID_SIZE]);
/* An entry id as a PT_BINARY value in scratch memory. */
const SPropValue *Eid_Value(ULONG tag, const EntryId *id, Arena *scratch);
/* Entry id into MAPI memory (MAPIAllocateBuffer), for OUT parameters. */
HRESULT Eid_ToMapi(const EntryId *id, ULONG *lpcb, LPENTRYID *lppEntryID);
EntryId Eid_OfStore(const StoreRec *s);
EntryId Eid_OfFolder(const FolderRec *f);
EntryId Eid_OfMessage(const MsgRec *m);

/* ---- Lookup ---------------------------------------------------------------------------------- */
FolderRec *Store_FindFolder(StoreRec *s, ULONG id);
MsgRec *Store_FindMessage(StoreRec *s, ULONG id);
void FolderRec_AddRef(FolderRec *f);  /* under lock */
void FolderRec_Release(FolderRec *f); /* under lock */

/* ---- Properties of records -------------------------------------------------------------------
 * "Computed" properties are derived from the records (entry ids, counts...) and read-only;
 * SetProps/DeleteProps report MAPI_E_COMPUTED for them. */
int Data_StoreIsComputed(ULONG propId);
int Data_FolderIsComputed(ULONG propId);
int Data_MessageIsComputed(ULONG propId);

/* Any property of a store / folder (computed, then stored); NULL if absent. */
const SPropValue *Data_StoreProp(StoreRec *s, ULONG propId, Arena *scratch);
HRESULT Data_StoreTags(StoreRec *s, TagList *out);
const SPropValue *Data_FolderProp(FolderRec *f, ULONG propId, Arena *scratch);
HRESULT Data_FolderTags(FolderRec *f, TagList *out);

/* Message properties. `bag` is the property set to read from: an open message's private copy,
 * or NULL to read the record itself (its bag or the generator). The computed ones need the
 * record's identity: folder and message id. */
const SPropValue *Data_MessageProp(FolderRec *folder, ULONG msgId, const MsgRec *rec,
                                   const PropBag *bag, ULONG propId, Arena *scratch);
HRESULT Data_MessageTags(const MsgRec *rec, const PropBag *bag, TagList *out);
/* Fills `out` with every stored property of the record (generated ones included). */
HRESULT Data_MaterializeMessage(const MsgRec *rec, PropBag *out);
/* Fills `out` (empty) with the record's recipients and attachments (generated ones included). */
HRESULT Data_MaterializeSubs(const MsgRec *rec, SubObjs *out);

/* ---- Changes --------------------------------------------------------------------------------- */
/* Creates a message record in folder f from bag and subs (deep copies; subs may be NULL). */
HRESULT Data_AddMessage(FolderRec *f, ULONG id, const PropBag *bag, const SubObjs *subs,
                        MsgRec **out);
/* Replaces a record's properties and parts with bag and subs (deep copies). */
HRESULT Data_UpdateMessage(MsgRec *m, const PropBag *bag, const SubObjs *subs);
void Data_DeleteMessage(MsgRec *m);
/* MSGFLAG_READ set or cleared on the stored record (nothing when it already is so). */
HRESULT Data_SetRead(MsgRec *m, int read);
HRESULT Data_CreateFolder(FolderRec *parent, const WCHAR *name, const WCHAR *comment,
                          FolderRec **out);
void Data_DeleteFolderTree(FolderRec *f); /* with its subfolders and messages */
/* Re-parents f under dest (same store), renamed to newName when not NULL. */
HRESULT Data_MoveFolder(FolderRec *f, FolderRec *dest, const WCHAR *newName);
/* fixtures.c: the Sample Archive's "Rules and code pages" folder under `parent` (its rule moves to
 * `moveTarget`); 0 when out of memory. */
int Fixtures_Build(FolderRec *parent, FolderRec *moveTarget);
ULONG Data_NewMessageId(StoreRec *s);
/* The generator's senders (README.md "Data"), also the address book's first entries (ab.h). */
#define DATA_SENDERS 6u
void Data_Sender(ULONG i, const WCHAR **name, const WCHAR **email);
/* A sibling of `parent` (child) whose display name equals name, case-insensitively. */
FolderRec *Data_FindChildByName(FolderRec *parent, const WCHAR *name);
int Data_IsSpecialFolder(const FolderRec *f);

/* ---- Building a data set from a file (persist.c; data-set lock not needed yet) ----------------
 * A store's fixed identity (index, record key, provider UID) without folders. */
void Data_InitStore(StoreRec *s, DataSet *ds, ULONG index);
/* Frees a store no object references (merge.c's scratch copy of the file). */
void Data_FreeStore(StoreRec *s);
/* A folder with a given id under parent (NULL: the root), without properties. */
FolderRec *Data_LoadFolder(StoreRec *s, FolderRec *parent, ULONG id, ULONG folderType);
/* Room for `count` messages in f (one pool, as the generator allocates). */
int Data_ReserveMessages(FolderRec *f, ULONG count);
/* Appends a message in the reserved room: generated (bag NULL, subs NULL) or stored; takes bag
 * and subs (malloc'ed) over, also on failure. 0 when the id is taken or out of memory. */
int Data_LoadMessage(FolderRec *f, ULONG id, ULONG genIndex, PropBag *bag, SubObjs *subs);
/* The generated data set's stores (DS_Create without a file). */
int Data_BuildGenerated(DataSet *ds);

/* ---- Named properties (named.c) ---------------------------------------------------------------
 * Called with the data-set lock held. The generated messages' 0x8000+ properties are
 * pre-mapped: 0x8000 = PS_PUBLIC_STRINGS "Keywords", 0x8001.. = PSETID_KMAPISample names. */
extern const GUID PS_PUBLIC_STRINGS_GUID;
extern const GUID PSETID_KMAPISample;
HRESULT Named_Init(NamedMap *m);
void Named_Free(NamedMap *m);
HRESULT Named_GetIDsFromNames(StoreRec *s, ULONG cPropNames, LPMAPINAMEID *lppPropNames,
                              ULONG ulFlags, LPSPropTagArray *lppPropTags);
HRESULT Named_GetNamesFromIDs(StoreRec *s, LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid,
                              ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames);
/* The IMAPIProp methods: Obj_Enter, lock, map, record failures. */
HRESULT Obj_GetIDsFromNames(ObjHeader *h, StoreRec *s, ULONG cPropNames, LPMAPINAMEID *lppPropNames,
                            ULONG ulFlags, LPSPropTagArray *lppPropTags);
HRESULT Obj_GetNamesFromIDs(ObjHeader *h, StoreRec *s, LPSPropTagArray *lppPropTags,
                            LPGUID lpPropSetGuid, ULONG ulFlags, ULONG *lpcPropNames,
                            LPMAPINAMEID **lpppPropNames);

/* Named-range properties set on generated messages (see README "Data"). */
#define PROP_SAMPLE_KEYWORDS PROP_TAG(PT_MV_UNICODE, 0x8000)
#define PROP_SAMPLE_COUNTER PROP_TAG(PT_I8, 0x8001)
#define PROP_SAMPLE_SCORE PROP_TAG(PT_DOUBLE, 0x8002)
#define PROP_SAMPLE_CLSID PROP_TAG(PT_CLSID, 0x8003)
#define PROP_SAMPLE_FLAGGED PROP_TAG(PT_BOOLEAN, 0x8004)
#define PROP_SAMPLE_NUMBERS PROP_TAG(PT_MV_LONG, 0x8005)
#define PROP_SAMPLE_ANSI PROP_TAG(PT_STRING8, 0x8006)
#define PROP_SAMPLE_SHORT PROP_TAG(PT_I2, 0x8007)
#define PROP_SAMPLE_FLOAT PROP_TAG(PT_R4, 0x8008)
#define PROP_SAMPLE_PRICE PROP_TAG(PT_CURRENCY, 0x8009)
#define PROP_SAMPLE_APPTIME PROP_TAG(PT_APPTIME, 0x800A)
#define PROP_SAMPLE_DATES PROP_TAG(PT_MV_SYSTIME, 0x800B)
#define PROP_SAMPLE_BLOBS PROP_TAG(PT_MV_BINARY, 0x800C)
#define PROP_SAMPLE_TAGS8 PROP_TAG(PT_MV_STRING8, 0x800D)

#endif /* KMAPI_SAMPLE_DATA_H */
