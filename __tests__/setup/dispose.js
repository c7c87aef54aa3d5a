/**
 * Jest 29 runs tests in a vm context whose Symbol lacks Symbol.dispose / Symbol.asyncDispose (Node 20
 * adds them to the main realm only), and `using` needs them. Same symbols as Node's.
 */
'use strict';
if (!Symbol.dispose) Object.defineProperty(Symbol, 'dispose', { value: Symbol.for('nodejs.dispose') });
if (!Symbol.asyncDispose) Object.defineProperty(Symbol, 'asyncDispose', { value: Symbol.for('nodejs.asyncDispose') });
