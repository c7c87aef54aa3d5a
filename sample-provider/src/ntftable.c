/*
 * ntftable.c - table notifications: each advised contents or hierarchy table keeps the view it
 * had at its last notification (row identities and stamps, in view order); at the end of every
 * call that changed data (Notify_Flush, data-set lock held) the current view is compared with it:
 *
 *   rows gone (deleted, or out of the restriction)      TABLE_ROW_DELETED, propIndex = its key
 *   rows new (created, or into the restriction)         TABLE_ROW_ADDED
 *   rows whose values or place changed                  TABLE_ROW_MODIFIED
 *   more than notify.tableRows of these                 one TABLE_CHANGED instead
 *   Ntf_TableReload on the table's folder               TABLE_RELOAD
 *
 * ADDED and MODIFIED carry the row in the table's current columns (as QueryRows gives it) and
 * propPrior, the PR_INSTANCE_KEY of the row before it in the new view (PR_NULL: the first row).
 * Deletions come first, then the rest in view order, so that a client applying them one by one
 * ends with the table's view. A place change is reported only for rows outside the longest run
 * of rows that kept their relative order (a longest increasing subsequence), so one row moving
 * gives one notification.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "table.h"

struct TableWatch {
    TableWatch *next;
    LPMAPITABLE table;
    ULONG cRegs;  /* live registrations on the table */
    int resnap;   /* the client changed the view (Restrict, SortTable...): snapshot silently */
    int reload;   /* TABLE_RELOAD at the next flush */
    ULONG gen;    /* the source's generation at the snapshot */
    uint64_t *ids; /* row identities (key | head << 32), in view order */
    ULONG *stamps;
    ULONG c;
};

static uint64_t RowId(const TableRow *r) { return (uint64_t)r->key | ((uint64_t)r->head << 32); }

static TableWatch *Find(DataSet *ds, LPMAPITABLE table)
{
    for (TableWatch *w = *Ntf_Watches(ds); w; w = w->next)
        if (w->table == table)
            return w;
    return NULL;
}

/* The current view's identities and stamps. */
static HRESULT TakeView(LPMAPITABLE t, const TableRow **rows, ULONG *n, uint64_t **ids,
                        ULONG **stamps)
{
    HRESULT hr = Table_NtfView(t, rows, n);
    if (FAILED(hr))
        return hr;
    *ids = malloc((*n ? *n : 1) * sizeof **ids);
    *stamps = malloc((*n ? *n : 1) * sizeof **stamps);
    if (!*ids || !*stamps) {
        free(*ids), free(*stamps);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    Arena scratch = {0};
    for (ULONG i = 0; i < *n; i++) {
        (*ids)[i] = RowId(&(*rows)[i]);
        (*stamps)[i] = Table_NtfStamp(t, &(*rows)[i], &scratch);
        Arena_Reset(&scratch);
    }
    Arena_Free(&scratch);
    return S_OK;
}

static void Keep(TableWatch *w, uint64_t *ids, ULONG *stamps, ULONG n)
{
    free(w->ids);
    free(w->stamps);
    w->ids = ids;
    w->stamps = stamps;
    w->c = n;
    w->gen = Table_NtfGeneration(w->table);
}

static void Snapshot(TableWatch *w)
{
    const TableRow *rows;
    ULONG n;
    uint64_t *ids;
    ULONG *stamps;
    if (TakeView(w->table, &rows, &n, &ids, &stamps) == S_OK)
        Keep(w, ids, stamps, n);
}

HRESULT Ntf_WatchTable(DataSet *ds, LPMAPITABLE table)
{
    if (!Table_NtfScope(table))
        return S_OK; /* stores, recipients, attachments: accepted, never notify */
    TableWatch *w = Find(ds, table);
    if (!w) {
        if (!(w = calloc(1, sizeof *w)))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        w->table = table;
        Snapshot(w);
        TableWatch **head = Ntf_Watches(ds);
        w->next = *head;
        *head = w;
    }
    w->cRegs++;
    return S_OK;
}

static void FreeWatch(TableWatch *w)
{
    free(w->ids);
    free(w->stamps);
    free(w);
}

void Ntf_UnwatchTable(DataSet *ds, LPMAPITABLE table)
{
    if (!ds->ntf)
        return;
    for (TableWatch **pp = Ntf_Watches(ds); *pp; pp = &(*pp)->next) {
        TableWatch *w = *pp;
        if (w->table == table) {
            if (--w->cRegs == 0) {
                *pp = w->next;
                FreeWatch(w);
            }
            return;
        }
    }
}

void Ntf_FreeWatches(DataSet *ds)
{
    TableWatch **head = Ntf_Watches(ds);
    while (*head) {
        TableWatch *w = *head;
        *head = w->next;
        FreeWatch(w);
    }
}

void Notify_TableViewChanged(DataSet *ds, LPMAPITABLE table)
{
    TableWatch *w = ds->ntf ? Find(ds, table) : NULL;
    if (w)
        w->resnap = 1;
}

void Ntf_TableReload(DataSet *ds, FolderRec *f)
{
    if (!ds->ntf)
        return;
    for (TableWatch *w = *Ntf_Watches(ds); w; w = w->next)
        if (Table_NtfScope(w->table) == f)
            w->reload = 1;
}

/* ---- Row stamps: FNV-1a over a row's cells (Table_NtfStamp) ---------------------------------- */
static ULONG Fnv(ULONG h, const void *p, size_t n)
{
    const BYTE *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

ULONG Ntf_HashValue(ULONG h, const SPropValue *v)
{
    if (!v)
        return Fnv(h, "-", 1);
    h = Fnv(h, &v->ulPropTag, sizeof v->ulPropTag);
    ULONG type = PROP_TYPE(v->ulPropTag);
    if (type & MV_FLAG) {
        ULONG c = Prop_MVCount(v);
        h = Fnv(h, &c, sizeof c);
        for (ULONG i = 0; i < c; i++) {
            SPropValue e;
            Prop_MVElement(v, i, &e);
            h = Ntf_HashValue(h, &e);
        }
        return h;
    }
    switch (type) {
    case PT_STRING8: return v->Value.lpszA ? Fnv(h, v->Value.lpszA, strlen(v->Value.lpszA)) : h;
    case PT_UNICODE:
        return v->Value.lpszW ? Fnv(h, v->Value.lpszW, WStrLen(v->Value.lpszW) * 2) : h;
    case PT_BINARY: return Fnv(h, v->Value.bin.lpb, v->Value.bin.cb);
    case PT_CLSID: return v->Value.lpguid ? Fnv(h, v->Value.lpguid, sizeof(GUID)) : h;
    case PT_I2: case PT_BOOLEAN: return Fnv(h, &v->Value.i, 2);
    case PT_LONG: case PT_ERROR: case PT_R4: return Fnv(h, &v->Value.l, 4);
    case PT_DOUBLE: case PT_APPTIME: case PT_CURRENCY: case PT_SYSTIME: case PT_I8:
        return Fnv(h, &v->Value.li, 8);
    default: return h; /* trees and the like: the tag only */
    }
}

/* ---- Building and staging -------------------------------------------------------------------- */
static void PutKey(NtfBlock *b, SPropValue *v, uint64_t id)
{
    BYTE key[8];
    ULONG cb = Table_InstanceKey((ULONG)id, (ULONG)(id >> 32), key);
    BYTE *p = Ntf_More(b, cb);
    v->ulPropTag = PR_NULL;
    if (!p)
        return;
    memcpy(p, key, cb);
    v->ulPropTag = PR_INSTANCE_KEY;
    v->Value.bin.cb = cb;
    v->Value.bin.lpb = p;
}

/* event with propIndex = id (0 with hasId 0: none), the row and its prior (NULL: first row). */
static void StageRow(DataSet *ds, TableWatch *w, ULONG event, int hasId, uint64_t id,
                     const TableRow *row, const TableRow *prior)
{
    NtfBlock *b = Ntf_NewBlock(fnevTableModified);
    if (!b)
        return;
    NOTIFICATION *n = Ntf_BlockNotif(b);
    TABLE_NOTIFICATION *tab = &n->info.tab;
    tab->ulTableEvent = event;
    tab->hResult = S_OK;
    tab->propIndex.ulPropTag = PR_NULL;
    tab->propPrior.ulPropTag = PR_NULL;
    if (hasId)
        PutKey(b, &tab->propIndex, id);
    if (prior)
        PutKey(b, &tab->propPrior, RowId(prior));
    if (row && Table_NtfRow(w->table, row, n, &tab->row) != S_OK) {
        Ntf_BlockUnref(b); /* out of memory: better no notification than a wrong one */
        return;
    }
    Ntf_StageTable(ds, b, w->table);
    Ntf_BlockUnref(b);
}

/* ---- The diff -------------------------------------------------------------------------------- */
/* Old identities -> old index (open addressing; ids are unique within a view). */
typedef struct IdMap {
    uint64_t *keys;
    ULONG *vals;
    ULONG cap;
} IdMap;

static ULONG Slot(const IdMap *m, uint64_t id)
{
    ULONG j = (ULONG)((id * 0x9E3779B97F4A7C15ull) >> 32) & (m->cap - 1);
    while (m->vals[j] != 0xFFFFFFFFu && m->keys[j] != id)
        j = (j + 1) & (m->cap - 1);
    return j;
}

static int IdMap_Build(IdMap *m, const uint64_t *ids, ULONG n)
{
    m->cap = 16;
    while (m->cap < n * 2u)
        m->cap *= 2;
    m->keys = malloc(m->cap * sizeof *m->keys);
    m->vals = malloc(m->cap * sizeof *m->vals);
    if (!m->keys || !m->vals)
        return 0;
    memset(m->vals, 0xFF, m->cap * sizeof *m->vals);
    for (ULONG i = 0; i < n; i++) {
        ULONG j = Slot(m, ids[i]);
        m->keys[j] = ids[i];
        m->vals[j] = i;
    }
    return 1;
}

static void IdMap_Free(IdMap *m)
{
    free(m->keys);
    free(m->vals);
}

/* stable[i] = 1 for the new rows (oldIdx[i] != NONE) on a longest increasing run of old
 * indexes: those kept their relative order. O(n log n). */
#define NONE 0xFFFFFFFFu
static int MarkStable(const ULONG *oldIdx, ULONG n, BYTE *stable)
{
    ULONG *tailIdx = malloc((n ? n : 1) * sizeof *tailIdx); /* new index ending a run of len k+1 */
    ULONG *prev = malloc((n ? n : 1) * sizeof *prev);
    if (!tailIdx || !prev) {
        free(tailIdx), free(prev);
        return 0;
    }
    ULONG len = 0;
    for (ULONG i = 0; i < n; i++) {
        if (oldIdx[i] == NONE)
            continue;
        ULONG lo = 0, hi = len;
        while (lo < hi) {
            ULONG mid = (lo + hi) / 2;
            if (oldIdx[tailIdx[mid]] < oldIdx[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[i] = lo ? tailIdx[lo - 1] : NONE;
        tailIdx[lo] = i;
        if (lo == len)
            len++;
    }
    memset(stable, 0, n);
    for (ULONG i = len ? tailIdx[len - 1] : NONE; i != NONE; i = prev[i])
        stable[i] = 1;
    free(tailIdx);
    free(prev);
    return 1;
}

static void Diff(DataSet *ds, TableWatch *w, ULONG tableRows)
{
    const TableRow *rows;
    ULONG n;
    uint64_t *ids;
    ULONG *stamps;
    if (TakeView(w->table, &rows, &n, &ids, &stamps) != S_OK)
        return;
    IdMap map = {0};
    ULONG *oldIdx = malloc((n ? n : 1) * sizeof *oldIdx);
    BYTE *stable = malloc(n ? n : 1), *seen = calloc(w->c ? w->c : 1, 1);
    if (!oldIdx || !stable || !seen || !IdMap_Build(&map, w->ids, w->c)) {
        StageRow(ds, w, TABLE_CHANGED, 0, 0, NULL, NULL); /* cannot tell: "reread the table" */
        goto done;
    }
    for (ULONG i = 0; i < n; i++) {
        ULONG j = Slot(&map, ids[i]);
        oldIdx[i] = map.vals[j];
        if (oldIdx[i] != NONE)
            seen[oldIdx[i]] = 1;
    }
    if (!MarkStable(oldIdx, n, stable)) {
        StageRow(ds, w, TABLE_CHANGED, 0, 0, NULL, NULL);
        goto done;
    }
    ULONG changes = 0;
    for (ULONG j = 0; j < w->c; j++)
        changes += !seen[j];
    for (ULONG i = 0; i < n; i++)
        changes += oldIdx[i] == NONE || !stable[i] || stamps[i] != w->stamps[oldIdx[i]];
    if (changes > tableRows) {
        StageRow(ds, w, TABLE_CHANGED, 0, 0, NULL, NULL);
    } else if (changes) {
        for (ULONG j = 0; j < w->c; j++)
            if (!seen[j])
                StageRow(ds, w, TABLE_ROW_DELETED, 1, w->ids[j], NULL, NULL);
        for (ULONG i = 0; i < n; i++) {
            ULONG ev = oldIdx[i] == NONE ? TABLE_ROW_ADDED
                       : !stable[i] || stamps[i] != w->stamps[oldIdx[i]] ? TABLE_ROW_MODIFIED
                                                                         : 0;
            if (ev)
                StageRow(ds, w, ev, 1, ids[i], &rows[i], i ? &rows[i - 1] : NULL);
        }
    }
done:
    Keep(w, ids, stamps, n);
    IdMap_Free(&map);
    free(oldIdx);
    free(stable);
    free(seen);
}

void Ntf_DiffTables(DataSet *ds)
{
    NtfSettings s;
    int haveSettings = 0;
    for (TableWatch *w = *Ntf_Watches(ds); w; w = w->next) {
        if (w->resnap) {
            w->resnap = 0;
            Snapshot(w);
        } else if (w->reload) {
            w->reload = 0;
            StageRow(ds, w, TABLE_RELOAD, 0, 0, NULL, NULL);
            Snapshot(w);
        } else if (Table_NtfGeneration(w->table) != w->gen) {
            if (!haveSettings)
                Notify_Settings(ds, &s), haveSettings = 1;
            Diff(ds, w, s.tableRows);
        }
    }
}
