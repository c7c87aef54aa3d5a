/**
 * Type-level assertions for the files of __tests__/types/, which are only type-checked (never run):
 * __tests__/17.types.test.ts runs tsc on them and expects no output.
 */

/** true when A and B are the same type (not merely assignable either way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when T is `true`: `expectTrue<Equals<typeof x, string>>()`. */
export declare function expectTrue<T extends true>(): void;

/** The type of an expression, unevaluated: `typeOf(() => store.get('PR_SUBJECT_W'))`. */
export declare function typeOf<T>(f: () => T): { readonly type: T };
