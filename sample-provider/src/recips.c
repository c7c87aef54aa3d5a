/*
 * recips.c - a message's recipient and attachment tables, and ModifyRecipients.
 *
 * Both tables read the open message's private copy (Message.subs), as MAPI's do: a recipient
 * added with ModifyRecipients or an attachment saved with IAttach::SaveChanges shows at once in
 * the tables of that message object, and in other objects' only after the message's SaveChanges.
 */
#include <stdlib.h>
#include <string.h>

#include "objects.h"

typedef struct PartsCtx {
    Message *m; /* referenced */
} PartsCtx;

static ULONG Parts_Generation(void *ctx) { return ((PartsCtx *)ctx)->m->subsGen; }

static void Parts_Release(void *ctx)
{
    PartsCtx *c = ctx;
    Obj_Release(&c->m->hdr);
    free(c);
}

/* Rows are keyed by PR_ROWID + 1 / PR_ATTACH_NUM + 1 (keys must be non-zero to be told apart
 * from "no row"); cells look the record up by key, so a view never holds a stale pointer. */
static HRESULT Recip_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    SubObjs *s = &((PartsCtx *)ctx)->m->subs;
    *pp = NULL;
    *pc = 0;
    if (!s->cRecips)
        return S_OK;
    TableRow *rows = calloc(s->cRecips, sizeof *rows);
    if (!rows)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < s->cRecips; i++)
        rows[i].key = s->recips[i].rowId + 1;
    *pp = rows;
    *pc = s->cRecips;
    return S_OK;
}

static const SPropValue *Recip_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    (void)a;
    RecipRec *r = Subs_FindRecip(&((PartsCtx *)ctx)->m->subs, row->key - 1);
    return r ? Bag_Get(&r->props, propId) : NULL;
}

static HRESULT Recip_AllColumns(void *ctx, TagList *out)
{
    SubObjs *s = &((PartsCtx *)ctx)->m->subs;
    for (ULONG i = 0; i < s->cRecips; i++) {
        HRESULT hr = Bag_ListTags(&s->recips[i].props, out);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

static HRESULT Att_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    SubObjs *s = &((PartsCtx *)ctx)->m->subs;
    *pp = NULL;
    *pc = 0;
    if (!s->cAtts)
        return S_OK;
    TableRow *rows = calloc(s->cAtts, sizeof *rows);
    if (!rows)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < s->cAtts; i++)
        rows[i].key = s->atts[i].num + 1;
    *pp = rows;
    *pc = s->cAtts;
    return S_OK;
}

static const SPropValue *Att_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    AttachRec *r = Subs_FindAttach(&((PartsCtx *)ctx)->m->subs, row->key - 1);
    if (!r)
        return NULL;
    if (propId == PROP_ID(PR_ATTACH_NUM) || propId == PROP_ID(PR_ATTACH_SIZE) ||
        propId == PROP_ID(PR_OBJECT_TYPE)) {
        SPropValue *v = Arena_Alloc(a, sizeof *v);
        if (!v)
            return NULL;
        memset(v, 0, sizeof *v);
        v->ulPropTag = PROP_TAG(PT_LONG, propId);
        v->Value.ul = propId == PROP_ID(PR_ATTACH_NUM)    ? r->num
                      : propId == PROP_ID(PR_OBJECT_TYPE) ? MAPI_ATTACH
                                                          : Attach_Size(&r->props, r->embedded);
        return v;
    }
    return Bag_Get(&r->props, propId);
}

static HRESULT Att_AllColumns(void *ctx, TagList *out)
{
    SubObjs *s = &((PartsCtx *)ctx)->m->subs;
    if (!TagList_AddUnique(out, PR_ATTACH_NUM) || !TagList_AddUnique(out, PR_ATTACH_SIZE) ||
        !TagList_AddUnique(out, PR_OBJECT_TYPE))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < s->cAtts; i++) {
        HRESULT hr = Bag_ListTags(&s->atts[i].props, out);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

static const TableSourceOps g_recipOps = {
    "recipients", Parts_Generation, Recip_Rows, Recip_Cell, Recip_AllColumns, Parts_Release, NULL,
    NULL, NULL, NULL,
};
static const TableSourceOps g_attOps = {
    "attachments", Parts_Generation, Att_Rows, Att_Cell, Att_AllColumns, Parts_Release, NULL,
    NULL, NULL, NULL,
};

static const ULONG g_recipColumns[] = {
    PR_ROWID,     PR_RECIPIENT_TYPE, PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W,
    PR_ADDRTYPE_W, PR_ENTRYID,       PR_INSTANCE_KEY,
};
static const ULONG g_attColumns[] = {
    PR_ATTACH_NUM,       PR_INSTANCE_KEY,   PR_RENDERING_POSITION,   PR_ATTACH_METHOD,
    PR_DISPLAY_NAME_W,   PR_ATTACH_LONG_FILENAME_W, PR_ATTACH_SIZE, PR_ATTACH_MIME_TAG_W,
};

static HRESULT PartsTable(Message *m, const TableSourceOps *ops, const ULONG *cols, ULONG cCols,
                          ULONG ulFlags, LPMAPITABLE *lppTable)
{
    PartsCtx *c = malloc(sizeof *c);
    if (!c)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_AddRef(&m->hdr);
    c->m = m;
    return Table_Create(m->hdr.ds, ops, c, cols, cCols, ulFlags, lppTable);
}

HRESULT RecipientTable_Create(Message *m, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    return PartsTable(m, &g_recipOps, g_recipColumns, ARRAY_COUNT(g_recipColumns), ulFlags,
                      lppTable);
}

HRESULT AttachmentTable_Create(Message *m, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    return PartsTable(m, &g_attOps, g_attColumns, ARRAY_COUNT(g_attColumns), ulFlags, lppTable);
}

/* ---- ModifyRecipients -------------------------------------------------------------------------- */
static const SPropValue *FindIn(const ADRENTRY *e, ULONG propId)
{
    for (ULONG i = 0; i < e->cValues; i++)
        if (PROP_ID(e->rgPropVals[i].ulPropTag) == propId &&
            PROP_TYPE(e->rgPropVals[i].ulPropTag) != PT_ERROR)
            return &e->rgPropVals[i];
    return NULL;
}

/* An entry that adds or replaces a recipient: valid values, a known recipient type, a name. */
static const char *CheckEntry(const ADRENTRY *e, int needRowId)
{
    if (e->cValues && !e->rgPropVals)
        return "an ADRENTRY with cValues > 0 and no rgPropVals";
    for (ULONG i = 0; i < e->cValues; i++)
        if (PROP_TYPE(e->rgPropVals[i].ulPropTag) != PT_ERROR &&
            e->rgPropVals[i].ulPropTag != PR_NULL && Prop_Validate(&e->rgPropVals[i]) != S_OK)
            return "a property value of an ADRENTRY is not valid (type or NULL pointer)";
    const SPropValue *rowId = FindIn(e, PROP_ID(PR_ROWID));
    if (needRowId && (!rowId || PROP_TYPE(rowId->ulPropTag) != PT_LONG))
        return "MODRECIP_MODIFY and MODRECIP_REMOVE entries need PR_ROWID";
    if (needRowId == 2)
        return NULL; /* REMOVE: PR_ROWID is all that counts */
    const SPropValue *type = FindIn(e, PROP_ID(PR_RECIPIENT_TYPE));
    if (!type || PROP_TYPE(type->ulPropTag) != PT_LONG)
        return "an ADRENTRY without PR_RECIPIENT_TYPE (PT_LONG)";
    ULONG t = type->Value.ul & ~(MAPI_P1 | MAPI_SUBMITTED);
    if (t > MAPI_BCC)
        return "PR_RECIPIENT_TYPE must be MAPI_ORIG, MAPI_TO, MAPI_CC or MAPI_BCC";
    const SPropValue *name = FindIn(e, PROP_ID(PR_DISPLAY_NAME_W));
    if (!name || !Prop_IsString(PROP_TYPE(name->ulPropTag)))
        return "an ADRENTRY without PR_DISPLAY_NAME";
    return NULL;
}

HRESULT Recips_Modify(Message *m, ULONG ulFlags, const ADRLIST *lpMods)
{
    HRESULT hr = Message_Enter(m, "ModifyRecipients", 1);
    if (hr != S_OK)
        return hr;
    ULONG op = ulFlags & (MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE);
    if ((ulFlags & ~(MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE)) ||
        (op && (op & (op - 1))))
        return Obj_Fail(&m->hdr, "ModifyRecipients", MAPI_E_UNKNOWN_FLAGS,
                        "flags 0x%X (at most one of MODRECIP_ADD, _MODIFY, _REMOVE)",
                        (unsigned)ulFlags);
    if (!lpMods)
        return Obj_Fail(&m->hdr, "ModifyRecipients", MAPI_E_INVALID_PARAMETER, "NULL ADRLIST");
    int needRowId = op == MODRECIP_REMOVE ? 2 : op == MODRECIP_MODIFY ? 1 : 0;
    for (ULONG i = 0; i < lpMods->cEntries; i++) {
        const char *why = CheckEntry(&lpMods->aEntries[i], needRowId);
        if (why)
            return Obj_Fail(&m->hdr, "ModifyRecipients", MAPI_E_INVALID_PARAMETER,
                            "entry %lu: %s", (unsigned long)i, why);
    }
    /* Work on a copy so that a failure half-way leaves the recipients as they were. */
    SubObjs work, view;
    DS_Lock(m->hdr.ds);
    view = m->subs;
    view.cAtts = 0; /* only the recipients are copied */
    view.atts = NULL;
    hr = Subs_CopyFrom(&work, &view);
    ULONG missing = 0;
    int notFound = 0;
    if (hr == S_OK && op == 0) {
        while (work.cRecips)
            Subs_RemoveRecip(&work, work.recips[0].rowId);
    }
    for (ULONG i = 0; hr == S_OK && i < lpMods->cEntries; i++) {
        const ADRENTRY *e = &lpMods->aEntries[i];
        if (op == MODRECIP_ADD || op == 0) {
            hr = Subs_AddRecip(&work, e->rgPropVals, e->cValues, NULL);
            continue;
        }
        ULONG rowId = FindIn(e, PROP_ID(PR_ROWID))->Value.ul;
        RecipRec *r = Subs_FindRecip(&work, rowId);
        if (!r) {
            notFound = 1, missing = rowId;
            hr = MAPI_E_NOT_FOUND;
        } else if (op == MODRECIP_REMOVE) {
            Subs_RemoveRecip(&work, rowId);
        } else {
            hr = Subs_ReplaceRecip(r, e->rgPropVals, e->cValues);
        }
    }
    if (hr == S_OK) {
        for (ULONG i = 0; i < m->subs.cRecips; i++)
            Bag_Free(&m->subs.recips[i].props);
        free(m->subs.recips);
        m->subs.recips = work.recips;
        m->subs.cRecips = work.cRecips;
        m->subs.capRecips = work.capRecips;
        m->subs.nextRowId = work.nextRowId;
        m->subsGen++;
    } else {
        Subs_Free(&work);
    }
    DS_Unlock(m->hdr.ds);
    if (notFound)
        return Obj_Fail(&m->hdr, "ModifyRecipients", hr, "no recipient with PR_ROWID %lu",
                        (unsigned long)missing);
    return hr == S_OK ? S_OK : Obj_Fail(&m->hdr, "ModifyRecipients", hr, "out of memory");
}
