/*
 * restrict.c - SRestriction validation, deep copy and evaluation against one row.
 *
 * Semantics chosen where MAPI's documentation leaves room (README "Choices"):
 *   - A property restriction on a property the row does not have is FALSE, for every relop
 *     (RELOP_NE too): combine with RES_EXIST / RES_NOT to say otherwise.
 *   - String comparisons in RES_PROPERTY and RES_COMPAREPROPS ignore case (as Exchange and PST
 *     stores do with their default collation); RES_CONTENT ignores case only with FL_IGNORECASE
 *     or FL_LOOSE.
 *   - A restriction on a multi-valued property with a single value (RES_PROPERTY, RES_CONTENT)
 *     matches when any value matches.
 *   - RES_COUNT counts over one pass (a Restrict's view build, one FindRow): the first ulCount
 *     rows, in the order they are evaluated (a Restrict: the table's sort order; a FindRow: from
 *     its origin in its direction), that match its sub-restriction match; later ones do not. A count node only counts when evaluation reaches it (AND / OR short-circuit).
 */
#include <stdlib.h>
#include <string.h>

#include "table.h"

#define MAX_DEPTH 64

static int RelopValid(ULONG relop) { return relop <= RELOP_NE; }

/* Whether a RES_SUBRESTRICTION is anywhere inside r (r itself included). */
static int HasSub(const SRestriction *r)
{
    if (!r)
        return 0;
    switch (r->rt) {
    case RES_SUBRESTRICTION: return 1;
    case RES_AND:
    case RES_OR:
        for (ULONG i = 0; i < r->res.resAnd.cRes; i++)
            if (r->res.resAnd.lpRes && HasSub(&r->res.resAnd.lpRes[i]))
                return 1;
        return 0;
    case RES_NOT: return HasSub(r->res.resNot.lpRes);
    case RES_COMMENT: return HasSub(r->res.resComment.lpRes);
    case RES_COUNT: return HasSub(r->res.resCount.lpRes);
    default: return 0;
    }
}

static HRESULT ValidateAt(const SRestriction *r, int depth)
{
    if (!r)
        return MAPI_E_INVALID_PARAMETER;
    if (depth > MAX_DEPTH)
        return MAPI_E_TOO_COMPLEX;
    switch (r->rt) {
    case RES_AND:
    case RES_OR: {
        const SAndRestriction *a = &r->res.resAnd; /* same layout as SOrRestriction */
        if (a->cRes && !a->lpRes)
            return MAPI_E_INVALID_PARAMETER;
        for (ULONG i = 0; i < a->cRes; i++) {
            HRESULT hr = ValidateAt(&a->lpRes[i], depth + 1);
            if (hr != S_OK)
                return hr;
        }
        return S_OK;
    }
    case RES_NOT: return ValidateAt(r->res.resNot.lpRes, depth + 1);
    case RES_CONTENT: {
        const SContentRestriction *c = &r->res.resContent;
        ULONG how = c->ulFuzzyLevel & 0xFFFFu, opts = c->ulFuzzyLevel & 0xFFFF0000u;
        if (!c->lpProp)
            return MAPI_E_INVALID_PARAMETER;
        if (how > FL_PREFIX || (opts & ~(FL_IGNORECASE | FL_IGNORENONSPACE | FL_LOOSE)))
            return MAPI_E_TOO_COMPLEX;
        ULONG pt = PROP_TYPE(c->lpProp->ulPropTag), tt = PROP_TYPE(c->ulPropTag) & ~MV_INSTANCE;
        int textual = Prop_IsString(pt) && (Prop_IsString(tt) || Prop_IsMVString(tt));
        int binary = pt == PT_BINARY && (tt == PT_BINARY || tt == PT_MV_BINARY);
        if (!textual && !binary)
            return MAPI_E_TOO_COMPLEX;
        return Prop_Validate(c->lpProp) == S_OK ? S_OK : MAPI_E_INVALID_PARAMETER;
    }
    case RES_PROPERTY: {
        const SPropertyRestriction *p = &r->res.resProperty;
        if (!p->lpProp)
            return MAPI_E_INVALID_PARAMETER;
        if (p->relop == RELOP_RE)
            return MAPI_E_TOO_COMPLEX;
        if (!RelopValid(p->relop))
            return MAPI_E_INVALID_PARAMETER;
        ULONG pt = PROP_TYPE(p->lpProp->ulPropTag), tt = PROP_TYPE(p->ulPropTag) & ~MV_INSTANCE;
        if (!Prop_Comparable(tt, pt) && !((tt & MV_FLAG) && Prop_Comparable(tt & ~MV_FLAG, pt)) &&
            tt != PT_UNSPECIFIED)
            return MAPI_E_TOO_COMPLEX;
        return Prop_Validate(p->lpProp) == S_OK ? S_OK : MAPI_E_INVALID_PARAMETER;
    }
    case RES_COMPAREPROPS:
        return RelopValid(r->res.resCompareProps.relop)   ? S_OK
               : r->res.resCompareProps.relop == RELOP_RE ? MAPI_E_TOO_COMPLEX
                                                          : MAPI_E_INVALID_PARAMETER;
    case RES_BITMASK: return r->res.resBitMask.relBMR <= BMR_NEZ ? S_OK : MAPI_E_INVALID_PARAMETER;
    case RES_SIZE: return RelopValid(r->res.resSize.relop) ? S_OK : MAPI_E_INVALID_PARAMETER;
    case RES_EXIST: return S_OK;
    case RES_COMMENT: {
        const SCommentRestriction *c = &r->res.resComment;
        if (c->cValues && !c->lpProp)
            return MAPI_E_INVALID_PARAMETER;
        return c->lpRes ? ValidateAt(c->lpRes, depth + 1) : S_OK;
    }
    case RES_COUNT: return ValidateAt(r->res.resCount.lpRes, depth + 1);
    case RES_SUBRESTRICTION: {
        const SSubRestriction *s = &r->res.resSub;
        if (s->ulSubObject != PR_MESSAGE_RECIPIENTS && s->ulSubObject != PR_MESSAGE_ATTACHMENTS)
            return MAPI_E_INVALID_PARAMETER;
        if (!s->lpRes)
            return MAPI_E_INVALID_PARAMETER;
        if (HasSub(s->lpRes))
            return MAPI_E_TOO_COMPLEX; /* recipients and attachments have no sub-objects here */
        return ValidateAt(s->lpRes, depth + 1);
    }
    default: return MAPI_E_TOO_COMPLEX;
    }
}

HRESULT Res_Validate(const SRestriction *r) { return ValidateAt(r, 0); }

/* ---- Deep copy: one block (tree.c sizes and copies) ------------------------------------------ */
HRESULT Res_Copy(const SRestriction *src, SRestriction **out)
{
    SRestriction *r = malloc(ROUND8(sizeof(SRestriction)) + Tree_ResSize(src));
    if (!r)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Bump b = {(char *)r + ROUND8(sizeof(SRestriction))};
    Tree_ResCopy(r, src, &b);
    *out = r;
    return S_OK;
}

void Res_Free(SRestriction *r) { free(r); }

/* ---- Evaluation ------------------------------------------------------------------------------ */
static int ApplyRelop(ULONG relop, int c)
{
    switch (relop) {
    case RELOP_LT: return c < 0;
    case RELOP_LE: return c <= 0;
    case RELOP_GT: return c > 0;
    case RELOP_GE: return c >= 0;
    case RELOP_EQ: return c == 0;
    case RELOP_NE: return c != 0;
    default: return 0;
    }
}

/* value `v` (single) relop `p`; strings case-insensitively. */
static int MatchProperty(const SPropValue *v, ULONG relop, const SPropValue *p)
{
    ULONG vt = PROP_TYPE(v->ulPropTag), pt = PROP_TYPE(p->ulPropTag);
    if ((vt & MV_FLAG) && !(pt & MV_FLAG)) {
        for (ULONG i = 0; i < Prop_MVCount(v); i++) {
            SPropValue e;
            Prop_MVElement(v, i, &e);
            if (MatchProperty(&e, relop, p))
                return 1;
        }
        return 0;
    }
    if (!Prop_Comparable(vt, pt))
        return 0;
    return ApplyRelop(relop, Prop_Compare(v, p, 1));
}

static WCHAR UnitAt(const SPropValue *s, size_t i)
{
    return PROP_TYPE(s->ulPropTag) == PT_UNICODE ? s->Value.lpszW[i]
                                                 : (WCHAR)(unsigned char)s->Value.lpszA[i];
}
static size_t StrLength(const SPropValue *s)
{
    return PROP_TYPE(s->ulPropTag) == PT_UNICODE ? WStrLen(s->Value.lpszW) : strlen(s->Value.lpszA);
}

static int MatchAt(const SPropValue *hay, size_t at, const SPropValue *needle, size_t nn, int fold)
{
    for (size_t j = 0; j < nn; j++) {
        WCHAR a = UnitAt(hay, at + j), b = UnitAt(needle, j);
        if (fold) {
            a = FoldCase(a);
            b = FoldCase(b);
        }
        if (a != b)
            return 0;
    }
    return 1;
}

static int MatchContent(const SPropValue *v, ULONG fuzzy, const SPropValue *p)
{
    ULONG vt = PROP_TYPE(v->ulPropTag), how = fuzzy & 0xFFFFu;
    int fold = (fuzzy & (FL_IGNORECASE | FL_LOOSE)) != 0;
    if (vt & MV_FLAG) {
        for (ULONG i = 0; i < Prop_MVCount(v); i++) {
            SPropValue e;
            Prop_MVElement(v, i, &e);
            if (MatchContent(&e, fuzzy, p))
                return 1;
        }
        return 0;
    }
    if (Prop_IsString(vt) && Prop_IsString(PROP_TYPE(p->ulPropTag))) {
        size_t nh = StrLength(v), nn = StrLength(p);
        switch (how) {
        case FL_FULLSTRING: return nh == nn && MatchAt(v, 0, p, nn, fold);
        case FL_PREFIX: return nn <= nh && MatchAt(v, 0, p, nn, fold);
        default:
            for (size_t i = 0; i + nn <= nh; i++)
                if (MatchAt(v, i, p, nn, fold))
                    return 1;
            return 0;
        }
    }
    if (vt == PT_BINARY && PROP_TYPE(p->ulPropTag) == PT_BINARY) {
        ULONG nh = v->Value.bin.cb, nn = p->Value.bin.cb;
        const BYTE *h = v->Value.bin.lpb, *n = p->Value.bin.lpb;
        switch (how) {
        case FL_FULLSTRING: return nh == nn && (nn == 0 || memcmp(h, n, nn) == 0);
        case FL_PREFIX: return nn <= nh && (nn == 0 || memcmp(h, n, nn) == 0);
        default:
            for (ULONG i = 0; i + nn <= nh; i++)
                if (nn == 0 || memcmp(h + i, n, nn) == 0)
                    return 1;
            return 0;
        }
    }
    return 0;
}

/* ---- RES_COUNT state: one counter per count node, found by the node's address ------------- */
static ULONG CountNodes(const SRestriction *r)
{
    switch (r->rt) {
    case RES_AND:
    case RES_OR: {
        ULONG n = 0;
        for (ULONG i = 0; i < r->res.resAnd.cRes; i++)
            n += CountNodes(&r->res.resAnd.lpRes[i]);
        return n;
    }
    case RES_NOT: return CountNodes(r->res.resNot.lpRes);
    case RES_COMMENT: return r->res.resComment.lpRes ? CountNodes(r->res.resComment.lpRes) : 0;
    case RES_COUNT: return 1 + CountNodes(r->res.resCount.lpRes);
    case RES_SUBRESTRICTION: return CountNodes(r->res.resSub.lpRes);
    default: return 0;
    }
}

int Res_HasCount(const SRestriction *r) { return r && CountNodes(r) > 0; }

HRESULT Res_RunInit(ResRun *run, const SRestriction *r)
{
    run->c = r ? CountNodes(r) : 0;
    run->nodes = NULL;
    run->hits = NULL;
    run->subs = NULL;
    run->anr = NULL;
    if (!run->c)
        return S_OK;
    run->nodes = calloc(run->c, sizeof *run->nodes);
    run->hits = calloc(run->c, sizeof *run->hits);
    if (!run->nodes || !run->hits) {
        Res_RunFree(run);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    run->c = 0; /* filled lazily, the first time evaluation reaches each node */
    return S_OK;
}

void Res_RunFree(ResRun *run)
{
    free(run->nodes);
    free(run->hits);
    run->nodes = NULL;
    run->hits = NULL;
    run->c = 0;
}

static ULONG *HitsOf(ResRun *run, const SRestriction *node)
{
    for (ULONG i = 0; i < run->c; i++)
        if (run->nodes[i] == node)
            return &run->hits[i];
    run->nodes[run->c] = node; /* Res_RunInit counted every node: there is room */
    return &run->hits[run->c++];
}

static const SPropValue *BagGet(void *ctx, ULONG propId, Arena *scratch)
{
    (void)scratch;
    return Bag_Get(ctx, propId);
}

/* Any recipient (or attachment) of the row matches r->res.resSub.lpRes. */
static int MatchSub(const SRestriction *r, ResRun *run, void *ctx, Arena *scratch)
{
    SubObjs *s = NULL;
    int owned = 0;
    if (!run->subs || run->subs(ctx, &s, &owned) != S_OK || !s)
        return 0;
    int recips = r->res.resSub.ulSubObject == PR_MESSAGE_RECIPIENTS;
    int (*anr)(void *, const WCHAR *) = run->anr; /* a sub-object's PR_ANR is a column */
    run->anr = NULL;
    ULONG n = recips ? s->cRecips : s->cAtts;
    int match = 0;
    for (ULONG i = 0; i < n && !match; i++) {
        PropBag *b = recips ? &s->recips[i].props : &s->atts[i].props;
        match = Res_Evaluate(r->res.resSub.lpRes, run, BagGet, b, scratch);
    }
    run->anr = anr;
    if (owned) {
        Subs_Free(s);
        free(s);
    }
    return match;
}

/* PR_ANR (0x360C), as MAPI clients send it: RES_PROPERTY (RELOP_EQ) or RES_CONTENT with the text;
 * the source decides what matches (the address book: a prefix of a name or address). */
#define PROP_ID_ANR 0x360Cu
static int Anr(ResRun *run, void *ctx, const SPropValue *text)
{
    if (!text || !Prop_IsString(PROP_TYPE(text->ulPropTag)))
        return 0;
    if (PROP_TYPE(text->ulPropTag) == PT_UNICODE)
        return text->Value.lpszW && run->anr(ctx, text->Value.lpszW);
    WCHAR *w = text->Value.lpszA ? WStrFromA(text->Value.lpszA) : NULL;
    int hit = w && run->anr(ctx, w);
    free(w);
    return hit;
}

int Res_Evaluate(const SRestriction *r, ResRun *run, Res_GetFn get, void *ctx, Arena *scratch)
{
    switch (r->rt) {
    case RES_SUBRESTRICTION: return MatchSub(r, run, ctx, scratch);
    case RES_COUNT: {
        ULONG *hits = HitsOf(run, r);
        if (*hits >= r->res.resCount.ulCount ||
            !Res_Evaluate(r->res.resCount.lpRes, run, get, ctx, scratch))
            return 0;
        ++*hits;
        return 1;
    }
    case RES_AND:
        for (ULONG i = 0; i < r->res.resAnd.cRes; i++)
            if (!Res_Evaluate(&r->res.resAnd.lpRes[i], run, get, ctx, scratch))
                return 0;
        return 1;
    case RES_OR:
        for (ULONG i = 0; i < r->res.resOr.cRes; i++)
            if (Res_Evaluate(&r->res.resOr.lpRes[i], run, get, ctx, scratch))
                return 1;
        return 0;
    case RES_NOT: return !Res_Evaluate(r->res.resNot.lpRes, run, get, ctx, scratch);
    case RES_COMMENT:
        return r->res.resComment.lpRes ? Res_Evaluate(r->res.resComment.lpRes, run, get, ctx, scratch)
                                       : 1;
    case RES_EXIST: return get(ctx, PROP_ID(r->res.resExist.ulPropTag), scratch) != NULL;
    case RES_PROPERTY: {
        if (run && run->anr && PROP_ID(r->res.resProperty.ulPropTag) == PROP_ID_ANR)
            return Anr(run, ctx, r->res.resProperty.lpProp);
        const SPropValue *v = get(ctx, PROP_ID(r->res.resProperty.ulPropTag), scratch);
        return v && MatchProperty(v, r->res.resProperty.relop, r->res.resProperty.lpProp);
    }
    case RES_CONTENT: {
        if (run && run->anr && PROP_ID(r->res.resContent.ulPropTag) == PROP_ID_ANR)
            return Anr(run, ctx, r->res.resContent.lpProp);
        const SPropValue *v = get(ctx, PROP_ID(r->res.resContent.ulPropTag), scratch);
        return v && MatchContent(v, r->res.resContent.ulFuzzyLevel, r->res.resContent.lpProp);
    }
    case RES_BITMASK: {
        const SPropValue *v = get(ctx, PROP_ID(r->res.resBitMask.ulPropTag), scratch);
        if (!v || PROP_TYPE(v->ulPropTag) != PT_LONG)
            return 0;
        int zero = (v->Value.ul & r->res.resBitMask.ulMask) == 0;
        return r->res.resBitMask.relBMR == BMR_EQZ ? zero : !zero;
    }
    case RES_SIZE: {
        const SPropValue *v = get(ctx, PROP_ID(r->res.resSize.ulPropTag), scratch);
        if (!v)
            return 0;
        ULONG size = Prop_Size(v), cb = r->res.resSize.cb;
        return ApplyRelop(r->res.resSize.relop, size < cb ? -1 : size > cb ? 1 : 0);
    }
    case RES_COMPAREPROPS: {
        const SPropValue *a = get(ctx, PROP_ID(r->res.resCompareProps.ulPropTag1), scratch);
        const SPropValue *b = get(ctx, PROP_ID(r->res.resCompareProps.ulPropTag2), scratch);
        if (!a || !b || !Prop_Comparable(PROP_TYPE(a->ulPropTag), PROP_TYPE(b->ulPropTag)))
            return 0;
        return ApplyRelop(r->res.resCompareProps.relop, Prop_Compare(a, b, 1));
    }
    default: return 0;
    }
}
