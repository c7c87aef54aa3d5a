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
 */
#include <stdlib.h>
#include <string.h>

#include "table.h"

#define MAX_DEPTH 64

static int RelopValid(ULONG relop) { return relop <= RELOP_NE; }

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
    case RES_SUBRESTRICTION: /* recipients / attachments: this provider has neither */
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

int Res_Evaluate(const SRestriction *r, Res_GetFn get, void *ctx, Arena *scratch)
{
    switch (r->rt) {
    case RES_AND:
        for (ULONG i = 0; i < r->res.resAnd.cRes; i++)
            if (!Res_Evaluate(&r->res.resAnd.lpRes[i], get, ctx, scratch))
                return 0;
        return 1;
    case RES_OR:
        for (ULONG i = 0; i < r->res.resOr.cRes; i++)
            if (Res_Evaluate(&r->res.resOr.lpRes[i], get, ctx, scratch))
                return 1;
        return 0;
    case RES_NOT: return !Res_Evaluate(r->res.resNot.lpRes, get, ctx, scratch);
    case RES_COMMENT:
        return r->res.resComment.lpRes ? Res_Evaluate(r->res.resComment.lpRes, get, ctx, scratch)
                                       : 1;
    case RES_EXIST: return get(ctx, PROP_ID(r->res.resExist.ulPropTag), scratch) != NULL;
    case RES_PROPERTY: {
        const SPropValue *v = get(ctx, PROP_ID(r->res.resProperty.ulPropTag), scratch);
        return v && MatchProperty(v, r->res.resProperty.relop, r->res.resProperty.lpProp);
    }
    case RES_CONTENT: {
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
