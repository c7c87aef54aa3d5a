/*
 * persist.h - the store=PATH knob: a data set loaded from and saved to a file (persist.c; README
 * "Persistence"). Called by data.c only, with the data-set lock held (or before the data set is
 * shared).
 */
#ifndef KMAPI_SAMPLE_PERSIST_H
#define KMAPI_SAMPLE_PERSIST_H

#include "data.h"

/* Locks PATH (ds->knobs.store) for this logon and loads it into ds's (empty) stores: *loaded = 1.
 * A missing file leaves them empty (*loaded = 0) for the generator. Errors, with err set:
 * MAPI_E_BUSY (another logon holds the file), MAPI_E_CORRUPT_STORE (not a store file of ours, or
 * damaged: the file is left as it is), MAPI_E_DISK_ERROR (cannot be read, or the lock file cannot
 * be created). */
HRESULT Persist_Open(DataSet *ds, int *loaded, char *err, size_t cbErr);
/* The data set is complete: from now on changes are saved. save: write the file now (a data set
 * that was just generated), MAPI_E_DISK_ERROR when that fails. */
HRESULT Persist_Ready(DataSet *ds, int save, char *err, size_t cbErr);
/* From the outermost DS_Unlock: saves when changeGen moved since the last save (or the last failed
 * attempt), and closes once the session has logged off. */
void Persist_AfterChange(DataSet *ds);
/* Final save if one is due, then the lock is released and ds->persist freed. */
void Persist_Close(DataSet *ds);

#endif /* KMAPI_SAMPLE_PERSIST_H */
