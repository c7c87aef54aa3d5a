/*
 * fixtures.c - the Sample Archive's "Rules and code pages" folder: messages with values the
 * generator does not make and real stores do (README "Rules and code pages"):
 *   - a rules-table row as a message: PR_RULE_CONDITION (PT_SRESTRICTION, every restriction type,
 *     RES_COUNT included) and PR_RULE_ACTIONS (PT_ACTIONS, every kind of action union member);
 *   - a property of a type clients may not know (0x0104);
 *   - 8-bit strings in code pages other than Latin-1, named by PR_MESSAGE_CODEPAGE and/or
 *     PR_INTERNET_CPID, and one with none (bytes that differ between Latin-1 and windows-1252).
 * The values are built on the stack and deep-copied into each message's bag.
 */
#include <string.h>

#include "data.h"

#define PR_COMMENT_W_TAG PROP_TAG(PT_UNICODE, 0x3004)

static SPropValue Long(ULONG tag, LONG l)
{
    SPropValue v = {tag, 0, {0}};
    v.Value.l = l;
    return v;
}
static SPropValue WStr(ULONG tag, const WCHAR *s)
{
    SPropValue v = {tag, 0, {0}};
    v.Value.lpszW = (LPWSTR)s;
    return v;
}
static SPropValue AStr(ULONG tag, const char *s)
{
    SPropValue v = {tag, 0, {0}};
    v.Value.lpszA = (LPSTR)s;
    return v;
}

/* Adds one message made of `n` values to f. */
static int AddMessage(FolderRec *f, const SPropValue *vals, ULONG n)
{
    PropBag bag = {0};
    SPropValue flags = Long(PR_MESSAGE_FLAGS, MSGFLAG_READ), cls = AStr(PR_MESSAGE_CLASS_A, "IPM.Note");
    HRESULT hr = Bag_Set(&bag, &cls);
    if (hr == S_OK)
        hr = Bag_Set(&bag, &flags);
    for (ULONG i = 0; i < n && hr == S_OK; i++)
        hr = Bag_Set(&bag, &vals[i]);
    MsgRec *m = NULL;
    if (hr == S_OK)
        hr = Data_AddMessage(f, Data_NewMessageId(f->store), &bag, NULL, &m);
    Bag_Free(&bag);
    return hr == S_OK;
}

/* The rule's condition: reports of some importance, unread, not sent to the boss. */
static int AddRule(FolderRec *f, FolderRec *target)
{
    SPropValue report = WStr(PR_SUBJECT_W, u"report"), one = Long(PR_IMPORTANCE, 1);
    SPropValue boss = WStr(PR_EMAIL_ADDRESS_W, u"boss@example.com");
    SPropValue note = WStr(PR_COMMENT_W_TAG, u"made in Outlook");
    SRestriction bossIs = {RES_PROPERTY, {.resProperty = {RELOP_EQ, PR_EMAIL_ADDRESS_W, &boss}}};
    SRestriction toBoss = {RES_SUBRESTRICTION, {.resSub = {PR_MESSAGE_RECIPIENTS, &bossIs}}};
    SRestriction hasSubject = {RES_EXIST, {.resExist = {0, PR_SUBJECT_W, 0}}};
    SRestriction anyOf[3] = {
        {RES_EXIST, {.resExist = {0, PR_BODY_W, 0}}},
        {RES_SIZE, {.resSize = {RELOP_GT, PR_SUBJECT_W, 10}}},
        {RES_COMPAREPROPS, {.resCompareProps = {RELOP_LT, PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME}}},
    };
    SRestriction all[7] = {
        {RES_CONTENT, {.resContent = {FL_SUBSTRING | FL_IGNORECASE, PR_SUBJECT_W, &report}}},
        {RES_PROPERTY, {.resProperty = {RELOP_GE, PR_IMPORTANCE, &one}}},
        {RES_BITMASK, {.resBitMask = {BMR_EQZ, PR_MESSAGE_FLAGS, MSGFLAG_READ}}},
        {RES_OR, {.resOr = {3, anyOf}}},
        {RES_NOT, {.resNot = {0, &toBoss}}},
        {RES_COMMENT, {.resComment = {1, &hasSubject, &note}}},
        /* RES_COUNT ([MS-OXCDATA] 2.12.9), not in MAPIDefS.h: clients that predate it must cope. */
        {RES_COUNT, {.resSub = {2, &hasSubject}}},
    };
    SRestriction cond = {RES_AND, {.resAnd = {7, all}}};

    BYTE folderEid[EID_SIZE];
    EntryId te = Eid_OfFolder(target);
    Eid_Write(&te, folderEid);
    static const BYTE replyEid[8] = {'R', 'E', 'P', 'L', 'Y', 'T', 'P', 'L'};
    static const BYTE defer[7] = {'d', 'e', 'f', 'e', 'r', ':', '1'};
    SPropValue to[2] = {WStr(PR_DISPLAY_NAME_W, u"Chlo\u00E9 Dubois"), WStr(PR_EMAIL_ADDRESS_W, u"chloe@example.fr")};
    ADRLIST fwd = {1, {{0, 2, to}}};
    ACTION acts[7];
    memset(acts, 0, sizeof acts);
    acts[0].acttype = OP_MOVE;
    acts[0].actMoveCopy.cbFldEntryId = EID_SIZE; /* cbStoreEntryId 0: this store */
    acts[0].actMoveCopy.lpFldEntryId = (LPENTRYID)folderEid;
    acts[1].acttype = OP_REPLY;
    acts[1].ulActionFlavor = 1; /* DO_NOT_SEND_TO_ORIGINATOR */
    acts[1].actReply.cbEntryId = sizeof replyEid;
    acts[1].actReply.lpEntryId = (LPENTRYID)replyEid;
    acts[1].actReply.guidReplyTemplate = (GUID){0x4B4D4150, 0x4953, 0x414D, {'R', 'E', 'P', 'L', 'Y', 0, 0, 1}};
    acts[2].acttype = OP_DEFER_ACTION;
    acts[2].actDeferAction.cbData = sizeof defer;
    acts[2].actDeferAction.pbData = (BYTE *)defer;
    acts[3].acttype = OP_BOUNCE;
    acts[3].scBounceCode = 13; /* BOUNCE_MESSAGE_SIZE_TOO_LARGE (MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD) */
    acts[4].acttype = OP_FORWARD;
    acts[4].ulActionFlavor = 1; /* FWD_PRESERVE_SENDER */
    acts[4].lpadrlist = &fwd;
    acts[5].acttype = OP_TAG;
    acts[5].propTag = Long(PR_IMPORTANCE, 2);
    acts[6].acttype = OP_MARK_AS_READ;
    acts[6].ulFlags = 0x10; /* user-defined flags travel as they are */
    ACTIONS actions = {EDK_RULES_VERSION, 7, acts};

    SPropValue vals[4] = {WStr(PR_SUBJECT_W, u"Rule: reports to Archive 2024"), {PR_RULE_CONDITION, 0, {0}},
                          {PR_RULE_ACTIONS, 0, {0}},
                          /* A type clients may not know (EdkMdb.h's PT_FILE_EA), a value in the union. */
                          Long(PROP_TAG(0x0104u, 0x6A02), 7)};
    vals[1].Value.lpv = &cond;
    vals[2].Value.lpv = &actions;
    return AddMessage(f, vals, 4);
}

int Fixtures_Build(FolderRec *parent, FolderRec *moveTarget)
{
    FolderRec *f = NULL;
    SPropValue cls = WStr(PR_CONTAINER_CLASS_W, u"IPF.Note");
    if (Data_CreateFolder(parent, u"Rules and code pages", NULL, &f) != S_OK || Bag_Set(&f->props, &cls) != S_OK)
        return 0;
    /* "Привет, мир" / "Дмитрий" in windows-1251 */
    SPropValue cyr[3] = {Long(PR_MESSAGE_CODEPAGE, 1251),
                         AStr(PR_SUBJECT_A, "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0"),
                         AStr(PR_SENDER_NAME_A, "\xC4\xEC\xE8\xF2\xF0\xE8\xE9")};
    /* "日本語の件名" in Shift-JIS (code page 932), named by PR_INTERNET_CPID only */
    SPropValue sjis[2] = {Long(PR_INTERNET_CPID, 932),
                          AStr(PR_SUBJECT_A, "\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x8C\x8F\x96\xBC")};
    /* No code page: bytes 0x93 0x94 0x80 are “ ” € in windows-1252, C1 controls in Latin-1 */
    SPropValue none[1] = {AStr(PR_SUBJECT_A, "\x93Smart\x94 \x80" "5")};
    /* Both: PR_MESSAGE_CODEPAGE (1251) names the strings' code page; PR_INTERNET_CPID (1252) the
     * message's internet form. "Ёлка" in windows-1251. */
    SPropValue both[3] = {Long(PR_MESSAGE_CODEPAGE, 1251), Long(PR_INTERNET_CPID, 1252),
                          AStr(PR_SUBJECT_A, "\xA8\xEB\xEA\xE0")};
    return AddRule(f, moveTarget) && AddMessage(f, cyr, 3) && AddMessage(f, sjis, 2) && AddMessage(f, none, 1) &&
           AddMessage(f, both, 3);
}
