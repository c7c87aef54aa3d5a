/*
 * table.h - a generic IMAPITable over a "row source", plus restriction handling.
 *
 * The stores table, hierarchy tables and contents tables differ only in where rows and cells
 * come from; everything else (columns, restriction, sort, cursor, bookmarks, QueryRows memory
 * rules) is implemented once in table.c.
 *
 * Tables are dynamic: when the source's generation counter changes (a message was saved or
 * deleted, a folder created...), the view is rebuilt on the next call and the cursor stays on the
 * same row if it still exists. The view is an array of row references sorted by precomputed keys,
 * so a 100 000-row contents table sorts once and QueryRows of a page touches only that page.
 */
#ifndef KMAPI_SAMPLE_TABLE_H
#define KMAPI_SAMPLE_TABLE_H

#include "content.h"
#include "props.h"
#include "provider.h"

/* One row of a source: an opaque record pointer, a key unique among the source's rows (used for
 * PR_INSTANCE_KEY, bookmarks and keeping the cursor across refreshes), and a depth (PR_DEPTH). */
typedef struct TableRow {
    void *p;
    ULONG key;
    ULONG depth;
    ULONG head; /* table.c's own: 0 for a source row, 1 + heading index for a category heading */
} TableRow;

/* Every callback runs with the data-set lock held, except release. */
typedef struct TableSourceOps {
    const char *kind; /* "stores", "hierarchy", "contents" (for error texts) */
    /* Changes whenever the set or order of rows, or their values, may have changed. */
    ULONG (*generation)(void *ctx);
    /* All rows, unrestricted, in natural order (malloc'ed array, or NULL when empty). */
    HRESULT (*rows)(void *ctx, TableRow **ppRows, ULONG *pcRows);
    /* A cell: any type, NULL when the row does not have the property. */
    const SPropValue *(*cell)(void *ctx, const TableRow *row, ULONG propId, Arena *scratch);
    /* Every column the rows can have (QueryColumns(TBL_ALL_COLUMNS)). */
    HRESULT (*allColumns)(void *ctx, TagList *out);
    /* Drops what ctx holds (references on the source objects) and frees it. */
    void (*release)(void *ctx);
    /* RES_SUBRESTRICTION: a row's recipients and attachments; *owned when the callee made them
     * (the caller frees them: Subs_Free and free). NULL: rows have none (the restriction never
     * matches). */
    HRESULT (*subObjects)(void *ctx, const TableRow *row, SubObjs **out, int *owned);
    /* Notifications: the folder whose data the table shows (TABLE_RELOAD targets it), or NULL for
     * a table that never notifies (its Advise is accepted). */
    void *(*scope)(void *ctx);
    /* A number that changes whenever the row's values may have (NULL: the engine hashes the
     * row's cells in the current columns). */
    ULONG (*stamp)(void *ctx, const TableRow *row);
    /* RES_PROPERTY / RES_CONTENT on PR_ANR (the address book's ambiguous name resolution): whether
     * the row matches the text. NULL: PR_ANR is an ordinary column. */
    int (*anr)(void *ctx, const TableRow *row, const WCHAR *text);
} TableSourceOps;

/* Creates a table. Takes ownership of ctx (released on failure too). defaultCols use _W string
 * tags; they are reported as _A when ulFlags lacks MAPI_UNICODE. */
HRESULT Table_Create(DataSet *ds, const TableSourceOps *ops, void *ctx, const ULONG *defaultCols,
                     ULONG cDefaultCols, ULONG ulFlags, LPMAPITABLE *lppTable);

/* ---- Notifications (ntftable.c; lock held) ----------------------------------------------------
 * What the engine needs of a table to diff its view (README.md "Notifications"). */
void *Table_NtfScope(LPMAPITABLE table);
ULONG Table_NtfGeneration(LPMAPITABLE table);
/* The current view (rebuilt first if the data changed; the cursor stays on its row). */
HRESULT Table_NtfView(LPMAPITABLE table, const TableRow **rows, ULONG *n);
ULONG Table_NtfStamp(LPMAPITABLE table, const TableRow *row, Arena *scratch);
/* ntftable.c: folds one cell (NULL: missing) into an FNV-1a hash. */
ULONG Ntf_HashValue(ULONG h, const SPropValue *v);
/* The row as QueryRows gives it, into MAPI memory chained to root. */
HRESULT Table_NtfRow(LPMAPITABLE table, const TableRow *row, void *root, SRow *out);
/* A row's PR_INSTANCE_KEY bytes (4, or 8 for a category heading); returns the count. */
ULONG Table_InstanceKey(ULONG key, ULONG head, BYTE out[8]);

/* ---- Restrictions (restrict.c) ----------------------------------------------------------------
 * Supported: RES_AND, RES_OR, RES_NOT, RES_CONTENT (FL_FULLSTRING / FL_SUBSTRING / FL_PREFIX, with
 * FL_IGNORECASE; FL_LOOSE = ignore case; FL_IGNORENONSPACE accepted, no effect), RES_PROPERTY
 * (RELOP_LT..RELOP_NE), RES_COMPAREPROPS, RES_BITMASK, RES_SIZE, RES_EXIST, RES_COMMENT, RES_COUNT.
 * RES_SUBRESTRICTION (PR_MESSAGE_RECIPIENTS / PR_MESSAGE_ATTACHMENTS: any recipient or attachment
 * matches; not nested in another one). Not supported (MAPI_E_TOO_COMPLEX): RELOP_RE.
 * RES_COUNT is stateful: one ResRun spans one pass over rows (Res_RunInit before the first row,
 * Res_RunFree after the last). */
typedef const SPropValue *(*Res_GetFn)(void *ctx, ULONG propId, Arena *scratch);
typedef struct ResRun {
    const SRestriction **nodes; /* RES_COUNT nodes met so far */
    ULONG *hits;                /* matches counted for each */
    ULONG c;
    /* RES_SUBRESTRICTION: the sub-objects of the row `ctx` (NULL: none). Set after Res_RunInit. */
    HRESULT (*subs)(void *ctx, SubObjs **out, int *owned);
    /* PR_ANR: whether the row `ctx` matches the text (NULL: an ordinary column). Set after
     * Res_RunInit. */
    int (*anr)(void *ctx, const WCHAR *text);
} ResRun;
HRESULT Res_Validate(const SRestriction *r);
HRESULT Res_Copy(const SRestriction *src, SRestriction **out); /* malloc'ed deep copy */
void Res_Free(SRestriction *r);
int Res_HasCount(const SRestriction *r); /* a RES_COUNT inside: evaluate in view order */
HRESULT Res_RunInit(ResRun *run, const SRestriction *r);
void Res_RunFree(ResRun *run);
int Res_Evaluate(const SRestriction *r, ResRun *run, Res_GetFn get, void *ctx, Arena *scratch);

#endif /* KMAPI_SAMPLE_TABLE_H */
