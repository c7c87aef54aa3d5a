/*
 * notify.h - MAPI's notification engine for one data set: Advise / Unadvise registrations, the
 * queue, the notification thread that calls IMAPIAdviseSink::OnNotify, and the functions the
 * rest of the provider calls where things change (README.md "Notifications").
 *
 *   notify.c     the engine: registrations, staging and queues, delivery (thread or caller's
 *                thread), sink lifetimes, statistics, the deliver.every server thread
 *   ntfraise.c   what raises what: object, new-mail and critical-error notifications built from
 *                the records, and the table notifications (a diff of each advised table's view)
 *
 * Locking: raising happens with the data-set lock held; notifications are staged and move to the
 * delivery queues at the outermost DS_Unlock (Notify_Flush), and are delivered after the data-set
 * lock is released. The engine's own lock (a PlatLock in the Notifier) guards registrations and
 * queues and is never held while client code (OnNotify, AddRef, Release) runs. Lock order: the
 * data-set lock, then the engine's.
 */
#ifndef KMAPI_SAMPLE_NOTIFY_H
#define KMAPI_SAMPLE_NOTIFY_H

#include "data.h"

typedef struct Notifier Notifier;
typedef struct NtfReg NtfReg;

/* ---- Knobs (README.md "Notification knobs"), read live like the sync knobs ------------------- */
#define NTF_DEFAULT_BATCH 64u
#define NTF_DEFAULT_TABLE_ROWS 32u
#define NTF_MAX_BURST 10000000u
typedef struct NtfSettings {
    ULONG batch;        /* notify.batch: most notifications per OnNotify */
    ULONG tableRows;    /* notify.tableRows: more row changes than this in one call: TABLE_CHANGED */
    ULONG burst;        /* notify.burst: fnevObjectModified queued right after each object Advise */
    int afterUnadvise;  /* notify.afterUnadvise */
    int callerThread;   /* notify.callerThread */
    int nullEntryId;    /* notify.nullEntryId */
    int holdSink;       /* notify.holdSink */
    ULONG deliverEvery; /* deliver.every (ms; 0 = off) */
    ULONG deliverCount; /* deliver.count (0 = unlimited) */
} NtfSettings;
void Notify_Settings(DataSet *ds, NtfSettings *out);

/* ---- Lifetime (data.c, session.c) ------------------------------------------------------------ */
Notifier *Notify_Create(void);
/* The data set's last reference is gone: every registration goes (sinks released, or after the
 * OnNotify in progress returns), held sinks (notify.holdSink) are released, the thread ends. */
void Notify_DataSetGone(DataSet *ds);
/* IMAPISession::Logoff: unadvises everything; the thread ends once nothing is left to deliver;
 * the deliver.every thread is told to stop. Lock not held. */
void Notify_Logoff(DataSet *ds);
/* At the outermost DS_Unlock (lock still held): staged notifications become deliverable;
 * advised tables are compared with their last view. Returns 1 when something was queued. */
int Notify_Flush(DataSet *ds);
/* After the data-set lock is released, when Notify_Flush returned 1: wakes the notification
 * thread, or with notify.callerThread=1 delivers on this thread. */
void Notify_AfterUnlock(DataSet *ds);
/* MAPILogonEx: starts the deliver.every thread when the knob asks for it. */
void Notify_StartServer(DataSet *ds);

/* ---- Advise / Unadvise --------------------------------------------------------------------------
 * Owners: whom a connection belongs to, for Unadvise (a store's connection is unadvised through
 * any IMsgStore of that store; a table's only through that table). */
#define NTF_OWNER_SESSION 0u
#define NTF_OWNER_STORE 1u
#define NTF_OWNER_TABLE 2u
/* What a registration watches. */
#define NTF_REG_SESSION 0u /* session-wide: fnevCriticalError */
#define NTF_REG_STORE 1u   /* a whole store: target.store */
#define NTF_REG_OBJECT 2u  /* a folder or message: target (a folder also sees its children) */
#define NTF_REG_TABLE 3u   /* a contents or hierarchy table */
typedef struct NtfTarget {
    ULONG kind;          /* NTF_REG_* */
    EntryId id;          /* NTF_REG_STORE / _OBJECT */
    LPMAPITABLE table;   /* NTF_REG_TABLE */
    ULONG ownerKind;     /* NTF_OWNER_* */
    uintptr_t ownerKey;  /* store index, or the table */
} NtfTarget;

/* Resolves an Advise entry id for the session (store == NULL) or a store: NULL/0 = the store
 * (a store) or session-wide (the session). Returns S_OK or a failure already recorded on h
 * (MAPI_E_INVALID_ENTRYID, MAPI_E_NOT_FOUND). Takes the data-set lock. */
HRESULT Notify_ResolveTarget(ObjHeader *h, const char *method, const StoreRec *store,
                             ULONG cbEntryID, LPENTRYID lpEntryID, NtfTarget *out);
/* Both check the usual rules (Obj_Enter) and their arguments, and record failures on h. */
HRESULT Notify_Advise(ObjHeader *h, const char *method, const NtfTarget *t, ULONG ulEventMask,
                      LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection);
HRESULT Notify_Unadvise(ObjHeader *h, const char *method, ULONG ownerKind, uintptr_t ownerKey,
                        ULONG_PTR ulConnection);
/* A table's last Release: what is registered on it goes. Lock not held. */
void Notify_TableGone(DataSet *ds, LPMAPITABLE table);
/* Restrict / SortTable / SetColumns / ExpandRow / CollapseRow (lock held): the table's next
 * snapshot is taken without notifications (the client asked for the new view). */
void Notify_TableViewChanged(DataSet *ds, LPMAPITABLE table);

/* ---- The engine's inside, for ntfraise.c (lock held) ----------------------------------------- */
/* A notification's memory: one MAPIAllocateBuffer root with everything it points to chained with
 * MAPIAllocateMore; shared by the registrations it goes to, freed after the last delivery. */
typedef struct NtfBlock NtfBlock;
NtfBlock *Ntf_NewBlock(ULONG ulEventType); /* NULL when out of memory */
NOTIFICATION *Ntf_BlockNotif(NtfBlock *b);
void *Ntf_More(NtfBlock *b, size_t cb); /* MAPIAllocateMore on the block's root; NULL on failure */
void Ntf_BlockUnref(NtfBlock *b);       /* drops the creator's reference */
/* Stages b for every registration whose target matches (object, parent, old parent, store) and
 * whose mask has b's event. ids: the object, its parent, its old id and old parent (NULLs are
 * skipped). */
void Ntf_StageObject(DataSet *ds, NtfBlock *b, ULONG storeIndex, const EntryId *ids[4]);
void Ntf_StageSessionWide(DataSet *ds, NtfBlock *b);
void Ntf_StageTable(DataSet *ds, NtfBlock *b, LPMAPITABLE table);
/* Table watches (guarded by the data-set lock): ntfraise.c keeps the last view of each. */
typedef struct TableWatch TableWatch;
TableWatch **Ntf_Watches(DataSet *ds);
int Ntf_HasRegs(DataSet *ds); /* any registration (a quick exit before building anything) */

/* ---- Raising (ntfraise.c), data-set lock held ------------------------------------------------ */
void Ntf_ObjectEvent(DataSet *ds, ULONG ev, ULONG objType, const EntryId *id,
                     const EntryId *parent, const EntryId *oldId, const EntryId *oldParent,
                     const ULONG *tags, ULONG cTags);
/* A message record was added / is about to be deleted / was updated (tags changed: NULL = not
 * known), and its folder's counts changed. Data_* call these unless ds->ntfQuiet. */
void Ntf_MessageAdded(MsgRec *m);
void Ntf_MessageDeleted(MsgRec *m);
void Ntf_MessageUpdated(MsgRec *m, const ULONG *tags, ULONG cTags, int countsChanged);
/* A message delivered to an Inbox (submit loopback, the sync server, deliver.every). */
void Ntf_NewMail(MsgRec *m);
/* copy.c: a message copied or moved (the old one's ids), after the quiet Data_* calls. */
void Ntf_MessageCopied(MsgRec *copy, const EntryId *oldId, const EntryId *oldParent, int moved);
void Ntf_FolderCreated(FolderRec *f);
void Ntf_FolderDeleted(FolderRec *f); /* before it leaves the tree */
void Ntf_FolderModified(FolderRec *f, const ULONG *tags, ULONG cTags);
void Ntf_FolderMoved(FolderRec *f, const EntryId *oldParent);
void Ntf_FolderCopied(FolderRec *copy, FolderRec *src);
void Ntf_StoreModified(StoreRec *s, const ULONG *tags, ULONG cTags);
/* A store=PATH save failed: fnevCriticalError to session-wide registrations. */
void Ntf_CriticalError(DataSet *ds, SCODE sc, const char *text);
/* The data under f's tables was replaced (sync.c's hierarchy download): TABLE_RELOAD. */
void Ntf_TableReload(DataSet *ds, FolderRec *f);
/* Notify_Flush's table part: each advised table's view against its last snapshot. */
void Ntf_DiffTables(DataSet *ds);
/* A new watch's first snapshot (Advise on a table) and its removal. */
HRESULT Ntf_WatchTable(DataSet *ds, LPMAPITABLE table);
void Ntf_UnwatchTable(DataSet *ds, LPMAPITABLE table);
void Ntf_FreeWatches(DataSet *ds);

void Notify_GetStats(ULONG *pcAdvises, ULONG *pcSinkRefs, ULONG *pcPending);

#endif /* KMAPI_SAMPLE_NOTIFY_H */
