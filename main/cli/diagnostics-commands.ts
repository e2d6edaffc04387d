import { writeFile } from 'node:fs/promises';
import { CONTEXT, str, type Verb } from './args.js';

/** `diagnostics [--out FILE] [--context NAME]`: the same report as the desktop's "Export diagnostics". */
export const diagnosticsVerbs: Verb[] = [
  {
    words: 'diagnostics',
    synopsis: '[--out FILE] [--context NAME]',
    summary: 'versions, the bundle, contexts reachable or not, the mesh, the last errors; credentials removed (JSON)',
    options: { out: { type: 'string', short: 'o' }, ...CONTEXT },
    async run({ client, values }) {
      const context = str(values, 'context');
      const report = await client.call('diagnostics.export', context ? { context } : {});
      const out = str(values, 'out');
      if (!out) {
        process.stdout.write(report.text);
        return 0;
      }
      // Owner-only: the report is redacted, but it still names the user's clusters and files.
      await writeFile(out, report.text, { mode: 0o600 });
      console.error(`diagnostics written to ${out}`);
      return 0;
    },
  },
];
