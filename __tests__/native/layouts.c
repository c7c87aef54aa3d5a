/*
 * The MAPI structs as the documentation declares them, with fixed-width types, so the test suite can
 * compare Koffi's layouts (built from ffi-defs/) with a C compiler's. Prints one JSON object:
 * { "STRUCT": { "size": N, "align": N, "fields": { "name": offset, ... } }, ... }
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint8_t BYTE; typedef int8_t CHAR; typedef uint16_t WCHAR; typedef int16_t SHORT;
typedef uint16_t USHORT; typedef int32_t LONG; typedef uint32_t ULONG; typedef uint32_t DWORD;
typedef int32_t SCODE; typedef int64_t LONGLONG; typedef void *HANDLE;

typedef struct { ULONG Data1; USHORT Data2; USHORT Data3; BYTE Data4[8]; } GUID;
typedef struct { BYTE ab[16]; } MAPIUID;
typedef struct { DWORD dwLowDateTime; DWORD dwHighDateTime; } FILETIME;
typedef union { struct { ULONG Lo; LONG Hi; } s; LONGLONG int64; } CURRENCY;
typedef union { struct { DWORD LowPart; LONG HighPart; } s; LONGLONG QuadPart; } LARGE_INTEGER;
typedef struct { BYTE abFlags[4]; BYTE ab[1]; } ENTRYID;
typedef struct { ULONG cb; BYTE *lpb; } SBinary;
typedef struct { ULONG cValues; SHORT *lpi; } SShortArray;
typedef struct { ULONG cValues; LONG *lpl; } SLongArray;
typedef struct { ULONG cValues; float *lpflt; } SRealArray;
typedef struct { ULONG cValues; double *lpdbl; } SDoubleArray;
typedef struct { ULONG cValues; CURRENCY *lpcur; } SCurrencyArray;
typedef struct { ULONG cValues; double *lpat; } SAppTimeArray;
typedef struct { ULONG cValues; FILETIME *lpft; } SDateTimeArray;
typedef struct { ULONG cValues; SBinary *lpbin; } SBinaryArray;
typedef struct { ULONG cValues; CHAR **lppszA; } SLPSTRArray;
typedef struct { ULONG cValues; WCHAR **lppszW; } SWStringArray;
typedef struct { ULONG cValues; GUID *lpguid; } SGuidArray;
typedef struct { ULONG cValues; LARGE_INTEGER *lpli; } SLargeIntegerArray;
typedef union {
  SHORT i; LONG l; ULONG ul; void *lpv; float flt; double dbl; USHORT b; CURRENCY cur; double at;
  FILETIME ft; CHAR *lpszA; SBinary bin; WCHAR *lpszW; GUID *lpguid; LARGE_INTEGER li;
  SShortArray MVi; SLongArray MVl; SRealArray MVflt; SDoubleArray MVdbl; SCurrencyArray MVcur;
  SAppTimeArray MVat; SDateTimeArray MVft; SBinaryArray MVbin; SLPSTRArray MVszA; SWStringArray MVszW;
  SGuidArray MVguid; SLargeIntegerArray MVli; SCODE err; LONG x;
} _PV;
typedef struct { ULONG ulPropTag; ULONG dwAlignPad; _PV Value; } SPropValue;
typedef struct { ULONG cValues; ULONG aulPropTag[1]; } SPropTagArray;
typedef struct { ULONG ulIndex; ULONG ulPropTag; SCODE scode; } SPropProblem;
typedef struct { ULONG cProblem; SPropProblem aProblem[1]; } SPropProblemArray;
typedef struct { ULONG ulAdrEntryPad; ULONG cValues; SPropValue *lpProps; } SRow;
typedef struct { ULONG cRows; SRow aRow[1]; } SRowSet;
typedef struct { ULONG ulPropTag; ULONG ulOrder; } SSortOrder;
typedef struct { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[1]; } SSortOrderSet;
typedef struct SRestriction SRestriction;
typedef struct { ULONG cRes; SRestriction *lpRes; } SAndRestriction;
typedef struct { ULONG cRes; SRestriction *lpRes; } SOrRestriction;
typedef struct { ULONG ulReserved; SRestriction *lpRes; } SNotRestriction;
typedef struct { ULONG ulFuzzyLevel; ULONG ulPropTag; SPropValue *lpProp; } SContentRestriction;
typedef struct { ULONG relop; ULONG ulPropTag; SPropValue *lpProp; } SPropertyRestriction;
typedef struct { ULONG relop; ULONG ulPropTag1; ULONG ulPropTag2; } SComparePropsRestriction;
typedef struct { ULONG relBMR; ULONG ulPropTag; ULONG ulMask; } SBitMaskRestriction;
typedef struct { ULONG relop; ULONG ulPropTag; ULONG cb; } SSizeRestriction;
typedef struct { ULONG ulReserved1; ULONG ulPropTag; ULONG ulReserved2; } SExistRestriction;
typedef struct { ULONG ulSubObject; SRestriction *lpRes; } SSubRestriction;
typedef struct { ULONG cValues; SRestriction *lpRes; SPropValue *lpProp; } SCommentRestriction;
typedef struct { ULONG ulCount; SRestriction *lpRes; } SCountRestriction;
typedef union {
  SComparePropsRestriction resCompareProps; SAndRestriction resAnd; SOrRestriction resOr;
  SNotRestriction resNot; SContentRestriction resContent; SPropertyRestriction resProperty;
  SBitMaskRestriction resBitMask; SSizeRestriction resSize; SExistRestriction resExist;
  SSubRestriction resSub; SCommentRestriction resComment; SCountRestriction resCount;
} SRestrictionUnion;
struct SRestriction { ULONG rt; SRestrictionUnion res; };
typedef struct { ULONG ulVersion; ULONG ulFlags; } MAPIINIT_0;
typedef struct { ULONG ulVersion; void *lpszError; void *lpszComponent; ULONG ulLowLevelError; ULONG ulContext; } MAPIERROR;
typedef struct { ULONG ulSize; ULONG ulFlags; void *psesSync; void *punkCallBack; HANDLE *phSyncDoneEvent; } MAPISIB;
typedef union { LONG lID; WCHAR *lpwstrName; } MAPINAMEID_Kind;
typedef struct { GUID *lpguid; ULONG ulKind; MAPINAMEID_Kind Kind; } MAPINAMEID;
typedef struct { ULONG ulReserved1; ULONG cValues; SPropValue *rgPropVals; } ADRENTRY;
typedef struct { ULONG cEntries; ADRENTRY aEntries[1]; } ADRLIST;
typedef struct { ULONG cFlags; ULONG ulFlag[1]; } FlagList;
typedef union { struct { DWORD LowPart; DWORD HighPart; } s; uint64_t QuadPart; } ULARGE_INTEGER;
typedef struct {
  WCHAR *pwcsName; DWORD type; ULARGE_INTEGER cbSize; FILETIME mtime; FILETIME ctime; FILETIME atime;
  DWORD grfMode; DWORD grfLocksSupported; GUID clsid; DWORD grfStateBits; DWORD reserved;
} STATSTG;

/* EdkMdb.h: ACTION's union and its structs are anonymous; named copies for their own layouts. */
typedef struct { ULONG cbStoreEntryId; ENTRYID *lpStoreEntryId; ULONG cbFldEntryId; ENTRYID *lpFldEntryId; } ActMoveCopy;
typedef struct { ULONG cbEntryId; ENTRYID *lpEntryId; GUID guidReplyTemplate; } ActReply;
typedef struct { ULONG cbData; BYTE *pbData; } ActDeferAction;
typedef union { ActMoveCopy actMoveCopy; ActReply actReply; ActDeferAction actDeferAction; SCODE scBounceCode; ADRLIST *lpadrlist; SPropValue propTag; } ACTION_u;
typedef struct {
  ULONG acttype; ULONG ulActionFlavor; SRestriction *lpRes; SPropTagArray *lpPropTagArray; ULONG ulFlags; ULONG dwAlignPad;
  union {
    struct { ULONG cbStoreEntryId; ENTRYID *lpStoreEntryId; ULONG cbFldEntryId; ENTRYID *lpFldEntryId; } actMoveCopy;
    struct { ULONG cbEntryId; ENTRYID *lpEntryId; GUID guidReplyTemplate; } actReply;
    struct { ULONG cbData; BYTE *pbData; } actDeferAction;
    SCODE scBounceCode; ADRLIST *lpadrlist; SPropValue propTag;
  };
} ACTION;
typedef struct { ULONG ulVersion; unsigned int cActions; ACTION *lpAction; } ACTIONS;

typedef struct { ULONG cbEntryID; ENTRYID *lpEntryID; SCODE scode; ULONG ulFlags; MAPIERROR *lpMAPIError; } ERROR_NOTIFICATION;
typedef struct { ULONG cbEntryID; ENTRYID *lpEntryID; ULONG cbParentID; ENTRYID *lpParentID; ULONG ulFlags; void *lpszMessageClass; ULONG ulMessageFlags; } NEWMAIL_NOTIFICATION;
typedef struct { ULONG cbEntryID; ENTRYID *lpEntryID; ULONG ulObjType; ULONG cbParentID; ENTRYID *lpParentID; ULONG cbOldID; ENTRYID *lpOldID;
                 ULONG cbOldParentID; ENTRYID *lpOldParentID; SPropTagArray *lpPropTagArray; } OBJECT_NOTIFICATION;
typedef struct { ULONG ulTableEvent; int32_t hResult; SPropValue propIndex; SPropValue propPrior; SRow row; ULONG ulPad; } TABLE_NOTIFICATION;
typedef struct { ULONG ulEvent; ULONG cb; BYTE *pbEventParameters; } EXTENDED_NOTIFICATION;
typedef struct { ULONG cbEntryID; ENTRYID *lpEntryID; ULONG cValues; SPropValue *lpPropVals; } STATUS_OBJECT_NOTIFICATION;
typedef union { ERROR_NOTIFICATION err; NEWMAIL_NOTIFICATION newmail; OBJECT_NOTIFICATION obj; TABLE_NOTIFICATION tab;
                EXTENDED_NOTIFICATION ext; STATUS_OBJECT_NOTIFICATION statobj; } NOTIFICATION_INFO;
typedef struct { ULONG ulEventType; ULONG ulAlignPad; NOTIFICATION_INFO info; } NOTIFICATION;

#define ALIGNOF(T) offsetof(struct { char c; T t; }, t)
static int first_struct = 1, first_field;
#define BEGIN(T) printf("%s\"%s\":{\"size\":%u,\"align\":%u,\"fields\":{", first_struct ? "" : ",", #T, \
                        (unsigned)sizeof(T), (unsigned)ALIGNOF(T)); first_struct = 0; first_field = 1;
#define F(T, f) printf("%s\"%s\":%u", first_field ? "" : ",", #f, (unsigned)offsetof(T, f)); first_field = 0;
#define END printf("}}");

int main(void) {
  printf("{");
  BEGIN(GUID) F(GUID, Data1) F(GUID, Data2) F(GUID, Data3) F(GUID, Data4) END
  BEGIN(MAPIUID) F(MAPIUID, ab) END
  BEGIN(FILETIME) F(FILETIME, dwLowDateTime) F(FILETIME, dwHighDateTime) END
  BEGIN(CURRENCY) F(CURRENCY, int64) END
  BEGIN(LARGE_INTEGER) F(LARGE_INTEGER, QuadPart) END
  BEGIN(ENTRYID) F(ENTRYID, abFlags) F(ENTRYID, ab) END
  BEGIN(SBinary) F(SBinary, cb) F(SBinary, lpb) END
#define MV(T, p) BEGIN(T) F(T, cValues) printf(",\"lp\":%u", (unsigned)offsetof(T, p)); END
  MV(SShortArray, lpi) MV(SLongArray, lpl) MV(SRealArray, lpflt) MV(SDoubleArray, lpdbl)
  MV(SCurrencyArray, lpcur) MV(SAppTimeArray, lpat) MV(SDateTimeArray, lpft) MV(SBinaryArray, lpbin)
  MV(SLPSTRArray, lppszA) MV(SWStringArray, lppszW) MV(SGuidArray, lpguid) MV(SLargeIntegerArray, lpli)
  BEGIN(_PV) F(_PV, i) F(_PV, l) F(_PV, dbl) F(_PV, ft) F(_PV, bin) F(_PV, li) F(_PV, MVszW) F(_PV, err) END
  BEGIN(SPropValue) F(SPropValue, ulPropTag) F(SPropValue, dwAlignPad) F(SPropValue, Value) END
  BEGIN(SPropTagArray) F(SPropTagArray, cValues) F(SPropTagArray, aulPropTag) END
  BEGIN(SPropProblem) F(SPropProblem, ulIndex) F(SPropProblem, ulPropTag) F(SPropProblem, scode) END
  BEGIN(SPropProblemArray) F(SPropProblemArray, cProblem) F(SPropProblemArray, aProblem) END
  BEGIN(SRow) F(SRow, ulAdrEntryPad) F(SRow, cValues) F(SRow, lpProps) END
  BEGIN(SRowSet) F(SRowSet, cRows) F(SRowSet, aRow) END
  BEGIN(SSortOrder) F(SSortOrder, ulPropTag) F(SSortOrder, ulOrder) END
  BEGIN(SSortOrderSet) F(SSortOrderSet, cSorts) F(SSortOrderSet, cCategories) F(SSortOrderSet, cExpanded) F(SSortOrderSet, aSort) END
  BEGIN(SAndRestriction) F(SAndRestriction, cRes) F(SAndRestriction, lpRes) END
  BEGIN(SOrRestriction) F(SOrRestriction, cRes) F(SOrRestriction, lpRes) END
  BEGIN(SComparePropsRestriction) F(SComparePropsRestriction, relop) F(SComparePropsRestriction, ulPropTag1) F(SComparePropsRestriction, ulPropTag2) END
  BEGIN(SSizeRestriction) F(SSizeRestriction, relop) F(SSizeRestriction, ulPropTag) F(SSizeRestriction, cb) END
  BEGIN(SSubRestriction) F(SSubRestriction, ulSubObject) F(SSubRestriction, lpRes) END
  BEGIN(MAPINAMEID_Kind) F(MAPINAMEID_Kind, lID) F(MAPINAMEID_Kind, lpwstrName) END
  BEGIN(SNotRestriction) F(SNotRestriction, ulReserved) F(SNotRestriction, lpRes) END
  BEGIN(SContentRestriction) F(SContentRestriction, ulFuzzyLevel) F(SContentRestriction, ulPropTag) F(SContentRestriction, lpProp) END
  BEGIN(SPropertyRestriction) F(SPropertyRestriction, relop) F(SPropertyRestriction, ulPropTag) F(SPropertyRestriction, lpProp) END
  BEGIN(SBitMaskRestriction) F(SBitMaskRestriction, relBMR) F(SBitMaskRestriction, ulPropTag) F(SBitMaskRestriction, ulMask) END
  BEGIN(SExistRestriction) F(SExistRestriction, ulReserved1) F(SExistRestriction, ulPropTag) F(SExistRestriction, ulReserved2) END
  BEGIN(SCommentRestriction) F(SCommentRestriction, cValues) F(SCommentRestriction, lpRes) F(SCommentRestriction, lpProp) END
  BEGIN(SCountRestriction) F(SCountRestriction, ulCount) F(SCountRestriction, lpRes) END
  BEGIN(SRestrictionUnion) F(SRestrictionUnion, resAnd) F(SRestrictionUnion, resProperty) END
  BEGIN(SRestriction) F(SRestriction, rt) F(SRestriction, res) END
  BEGIN(MAPIINIT_0) F(MAPIINIT_0, ulVersion) F(MAPIINIT_0, ulFlags) END
  BEGIN(MAPIERROR) F(MAPIERROR, ulVersion) F(MAPIERROR, lpszError) F(MAPIERROR, lpszComponent) F(MAPIERROR, ulLowLevelError) F(MAPIERROR, ulContext) END
  BEGIN(MAPISIB) F(MAPISIB, ulSize) F(MAPISIB, ulFlags) F(MAPISIB, psesSync) F(MAPISIB, punkCallBack) F(MAPISIB, phSyncDoneEvent) END
  BEGIN(MAPINAMEID) F(MAPINAMEID, lpguid) F(MAPINAMEID, ulKind) F(MAPINAMEID, Kind) END
  BEGIN(ADRENTRY) F(ADRENTRY, ulReserved1) F(ADRENTRY, cValues) F(ADRENTRY, rgPropVals) END
  BEGIN(ADRLIST) F(ADRLIST, cEntries) F(ADRLIST, aEntries) END
  BEGIN(FlagList) F(FlagList, cFlags) F(FlagList, ulFlag) END
  BEGIN(ULARGE_INTEGER) F(ULARGE_INTEGER, QuadPart) END
  BEGIN(STATSTG) F(STATSTG, pwcsName) F(STATSTG, type) F(STATSTG, cbSize) F(STATSTG, mtime) F(STATSTG, ctime)
    F(STATSTG, atime) F(STATSTG, grfMode) F(STATSTG, grfLocksSupported) F(STATSTG, clsid)
    F(STATSTG, grfStateBits) F(STATSTG, reserved) END
  BEGIN(ActMoveCopy) F(ActMoveCopy, cbStoreEntryId) F(ActMoveCopy, lpStoreEntryId) F(ActMoveCopy, cbFldEntryId) F(ActMoveCopy, lpFldEntryId) END
  BEGIN(ActReply) F(ActReply, cbEntryId) F(ActReply, lpEntryId) F(ActReply, guidReplyTemplate) END
  BEGIN(ActDeferAction) F(ActDeferAction, cbData) F(ActDeferAction, pbData) END
  BEGIN(ACTION_u) F(ACTION_u, actMoveCopy) F(ACTION_u, propTag) END
  /* The anonymous union is "u" in ffi-defs: its offset is that of any of its members. */
  BEGIN(ACTION) F(ACTION, acttype) F(ACTION, ulActionFlavor) F(ACTION, lpRes) F(ACTION, lpPropTagArray) F(ACTION, ulFlags)
    F(ACTION, dwAlignPad) printf(",\"u\":%u", (unsigned)offsetof(ACTION, actMoveCopy)); END
  BEGIN(ACTIONS) F(ACTIONS, ulVersion) F(ACTIONS, cActions) F(ACTIONS, lpAction) END
  BEGIN(ERROR_NOTIFICATION) F(ERROR_NOTIFICATION, cbEntryID) F(ERROR_NOTIFICATION, lpEntryID) F(ERROR_NOTIFICATION, scode)
    F(ERROR_NOTIFICATION, ulFlags) F(ERROR_NOTIFICATION, lpMAPIError) END
  BEGIN(NEWMAIL_NOTIFICATION) F(NEWMAIL_NOTIFICATION, cbEntryID) F(NEWMAIL_NOTIFICATION, lpEntryID) F(NEWMAIL_NOTIFICATION, cbParentID)
    F(NEWMAIL_NOTIFICATION, lpParentID) F(NEWMAIL_NOTIFICATION, ulFlags) F(NEWMAIL_NOTIFICATION, lpszMessageClass)
    F(NEWMAIL_NOTIFICATION, ulMessageFlags) END
  BEGIN(OBJECT_NOTIFICATION) F(OBJECT_NOTIFICATION, cbEntryID) F(OBJECT_NOTIFICATION, lpEntryID) F(OBJECT_NOTIFICATION, ulObjType)
    F(OBJECT_NOTIFICATION, cbParentID) F(OBJECT_NOTIFICATION, lpParentID) F(OBJECT_NOTIFICATION, cbOldID) F(OBJECT_NOTIFICATION, lpOldID)
    F(OBJECT_NOTIFICATION, cbOldParentID) F(OBJECT_NOTIFICATION, lpOldParentID) F(OBJECT_NOTIFICATION, lpPropTagArray) END
  BEGIN(TABLE_NOTIFICATION) F(TABLE_NOTIFICATION, ulTableEvent) F(TABLE_NOTIFICATION, hResult) F(TABLE_NOTIFICATION, propIndex)
    F(TABLE_NOTIFICATION, propPrior) F(TABLE_NOTIFICATION, row) F(TABLE_NOTIFICATION, ulPad) END
  BEGIN(EXTENDED_NOTIFICATION) F(EXTENDED_NOTIFICATION, ulEvent) F(EXTENDED_NOTIFICATION, cb) F(EXTENDED_NOTIFICATION, pbEventParameters) END
  BEGIN(STATUS_OBJECT_NOTIFICATION) F(STATUS_OBJECT_NOTIFICATION, cbEntryID) F(STATUS_OBJECT_NOTIFICATION, lpEntryID)
    F(STATUS_OBJECT_NOTIFICATION, cValues) F(STATUS_OBJECT_NOTIFICATION, lpPropVals) END
  BEGIN(NOTIFICATION_INFO) F(NOTIFICATION_INFO, err) F(NOTIFICATION_INFO, tab) END
  BEGIN(NOTIFICATION) F(NOTIFICATION, ulEventType) F(NOTIFICATION, ulAlignPad) F(NOTIFICATION, info) END
  printf("}\n");
  return 0;
}
