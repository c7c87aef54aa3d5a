/**
 * Runs one figure in this process and prints its result for the runner (bench/run.js):
 *   node --expose-gc bench/.build/bench/figure.js <vtable|props|progress|table|stream|compose|notify|startup|first-row> [--quick] [args]
 * Each figure gets a fresh process: no JIT state, heap or registered callbacks carry over.
 */
import { emitResult, type Figure } from './common';

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const quick = rest.includes('--quick');
  let figures: Figure | Figure[];
  switch (name) {
    case 'vtable':
      figures = await (await import('./vtable')).vtableFigure({ quick });
      break;
    case 'props':
      figures = await (await import('./props')).propsFigure({ quick });
      break;
    case 'progress':
      figures = await (await import('./progress')).progressFigure({ quick, noPin: rest.includes('--no-pin') });
      break;
    case 'table':
      figures = await (await import('./table')).tableFigure({ quick });
      break;
    case 'table-child':
      figures = (await (await import('./table')).tableChild(rest[0] as 'bridge' | 'arrays' | 'floor', Number(rest[1]))) as never;
      break;
    case 'stream':
      figures = await (await import('./stream')).streamFigure({ quick });
      break;
    case 'compose':
      figures = await (await import('./compose')).composeFigure({ quick });
      break;
    case 'notify':
      figures = await (await import('./notify')).notifyFigure({ quick });
      break;
    case 'first-row':
      figures = await (await import('./firstrow')).firstRowFigure({ quick });
      break;
    case 'startup':
      figures = [await (await import('./startup')).startupFigure({ quick }), ...(await (await import('./startup')).cliStartupFigures({ quick }))];
      break;
    default:
      throw new Error(`unknown figure '${name}'`);
  }
  emitResult(figures);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
