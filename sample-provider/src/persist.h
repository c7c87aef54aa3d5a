/*
 * persist.h - the store=PATH knob: a data set loaded from and saved to a file, shared by every
 * logon on that file, in this process and in others (persist.c, merge.c; README "Persistence").
 * Called by data.c only, with the data-set lock held (or before the data set is shared).
 */
#ifndef KMAPI_SAMPLE_PERSIST_H
#define KMAPI_SAMPLE_PERSIST_H

#include "data.h"

typedef struct Watcher Watcher;

/* ---- persist.c --------------------------------------------------------------------------------
 * Takes PATH's lock (ds->knobs.store; it blocks while another logon's transaction holds it) and
 * loads the file into ds's (empty) stores: *loaded = 1. A missing file leaves them empty
 * (*loaded = 0) for the generator. The lock is held until Persist_Ready. Errors, with err set:
 * MAPI_E_CORRUPT_STORE (not a store file of ours, or damaged: the file is left as it is),
 * MAPI_E_DISK_ERROR (cannot be read, or the lock file cannot be created or locked). */
HRESULT Persist_Open(DataSet *ds, int *loaded, char *err, size_t cbErr);
/* The data set is complete: from now on calls are transactions. save: write the file now (a data
 * set that was just generated), MAPI_E_DISK_ERROR when that fails. Lets the lock go, and starts
 * the store.poll watcher. */
HRESULT Persist_Ready(DataSet *ds, int save, char *err, size_t cbErr);
/* The outermost DS_Lock: takes the file lock and, when the file's generation moved since this
 * logon last read or wrote it, merges it in (merge.c). */
void Persist_Begin(DataSet *ds);
/* The outermost DS_Unlock: saves when something changed (changeGen or the next ids moved since
 * the last save or failed attempt) and lets the file lock go; once the session has logged off,
 * the lock file is closed and the watcher stopped. */
void Persist_AfterChange(DataSet *ds);
/* The data set's last reference (DS_Release): the watcher is joined, a save still due is made
 * (as a transaction), ds->persist freed. */
void Persist_Close(DataSet *ds);
/* Whether two records are equal as the file stores them (only storable values; no parts = empty
 * parts). */
int Persist_SameBag(const PropBag *a, const PropBag *b);
int Persist_SameSubs(const SubObjs *a, const SubObjs *b);

/* ---- merge.c ----------------------------------------------------------------------------------
 * Makes ds equal to `file` (a scratch data set just decoded from PATH) through the Data_* change
 * functions, so every change raises what a local one raises. ds's lock held. Fails (err set)
 * only when out of memory, or when the file holds another store (seed, special folders): ds may
 * then be partly merged, and the transaction does not save. */
HRESULT Merge_Apply(DataSet *ds, DataSet *file, char *err, size_t cbErr);
/* store.poll: a thread that runs an empty transaction every `ms` (which merges what others
 * saved). NULL when the thread cannot be made. Stop: join = 0 only tells it (Logoff, lock held),
 * join = 1 also waits for it and frees it (DS_Release; the data-set lock must not be held). */
Watcher *Merge_StartWatcher(DataSet *ds, ULONG ms);
void Merge_StopWatcher(Watcher *w, int join);

#endif /* KMAPI_SAMPLE_PERSIST_H */
