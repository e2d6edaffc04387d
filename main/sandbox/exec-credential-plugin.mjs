#!/usr/bin/env node
// The sandbox's exec credential plugin (client.authentication.k8s.io/v1): prints the token kept in
// MESHDECK_SANDBOX_TOKEN_FILE. MESHDECK_EXEC_PLUGIN_FAIL makes it fail like a broken real plugin.
import { readFileSync } from 'node:fs';

if (process.env.MESHDECK_EXEC_PLUGIN_FAIL) {
  process.stderr.write(`error: ${process.env.MESHDECK_EXEC_PLUGIN_FAIL}\n`);
  process.exit(1);
}
const file = process.env.MESHDECK_SANDBOX_TOKEN_FILE;
if (!file) {
  process.stderr.write('error: MESHDECK_SANDBOX_TOKEN_FILE is not set\n');
  process.exit(1);
}
const token = readFileSync(file, 'utf8').trim();
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token, expirationTimestamp: new Date(Date.now() + 3600_000).toISOString() },
}));
