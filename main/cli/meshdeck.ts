import { MeshdeckClient } from '../contract/client.js';
import { MeshdeckError, type RpcErrorShape } from '../contract/errors.js';
import { createCore } from '../core.js';
import { localTransport } from '../rpc/local-transport.js';
import { findVerb, overallUsage, parseVerb, usageOf } from './args.js';
import { explain } from './print.js';
import { VERBS } from './verbs.js';

/** The command-line front end: the same contract as the UI, carried in-process. */

const isErrorShape = (e: unknown): e is RpcErrorShape => !!e && typeof e === 'object' && 'code' in e && 'message' in e && !(e instanceof Error);

async function main(argv: string[]): Promise<number> {
  const found = findVerb(VERBS, argv);
  if (!found) {
    const help = argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
    if (!help) console.error(`error: unknown command “${argv.join(' ')}”.`);
    (help ? console.log : console.error)(overallUsage(VERBS));
    return help ? 0 : 2;
  }
  const parsed = parseVerb(found.verb, found.rest);
  if (!parsed.ok) {
    console.error(`error: ${parsed.error}\n${usageOf(found.verb)}`);
    return 2;
  }
  if (parsed.help) {
    console.log(usageOf(found.verb));
    return 0;
  }
  const core = await createCore();
  const transport = localTransport(core.handlers);
  const client = new MeshdeckClient(transport);
  try {
    return await found.verb.run({ client, values: parsed.values, positionals: parsed.positionals });
  } catch (err) {
    console.error(err instanceof MeshdeckError ? explain(err.shape) : isErrorShape(err) ? explain(err) : String(err));
    return 1;
  } finally {
    transport.close();
    await core.dispose();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
