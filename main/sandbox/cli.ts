import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sandboxLayout } from './layout.js';
import { netnsExecPrefix, netnsExists, netnsSupported } from './netns.js';
import { sandboxDown, sandboxStatus, sandboxUp, upInside } from './up.js';

/** npm run sandbox:up | sandbox:down | sandbox:status | sandbox:exec -- <command> */
const [verb, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  switch (verb) {
    case 'up': {
      const nodes = flag('--nodes') ? Number(flag('--nodes')) : undefined;
      for await (const e of sandboxUp({ nodes })) {
        if (e.type === 'progress') console.log(`[sandbox ${secs(e.elapsedMs).padStart(7)}] ${e.step}: ${e.message}`);
        else console.log(e.message);
      }
      return 0;
    }
    case 'up-inside': {
      const nodes = flag('--nodes') ? Number(flag('--nodes')) : undefined;
      for await (const e of upInside({ nodes, listenAll: true })) console.log(JSON.stringify(e));
      return 0;
    }
    case 'down': {
      const stopped = await sandboxDown({ purge: rest.includes('--purge') });
      console.log(stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
      return 0;
    }
    case 'status': {
      const s = sandboxStatus();
      if (rest.includes('--json')) console.log(JSON.stringify(s, null, 2));
      else {
        console.log(`sandbox: ${s.state}`);
        for (const p of s.processes) console.log(`  ${p.alive ? 'running' : 'DEAD   '}  ${p.role.padEnd(28)} pid ${p.pid}`);
        if (s.state !== 'stopped') console.log(`kubeconfig: ${s.kubeconfig}`);
      }
      return s.state === 'running' ? 0 : 3;
    }
    case 'exec': {
      const cmd = rest[0] === '--' ? rest.slice(1) : rest;
      if (cmd.length === 0) { console.error('usage: sandbox:exec -- <command> [args...]'); return 2; }
      const l = sandboxLayout();
      const env = { ...process.env, KUBECONFIG: process.env.KUBECONFIG ?? (existsSync(l.kubeconfig) ? l.kubeconfig : undefined) };
      const inNs = netnsSupported().ok && netnsExists();
      const full = inNs ? [...netnsExecPrefix(), ...cmd] : cmd;
      const r = spawnSync(full[0]!, full.slice(1), { stdio: 'inherit', env });
      return r.status ?? 1;
    }
    default:
      console.error('usage: cli.ts up [--nodes N] | down [--purge] | status [--json] | exec -- <command>');
      return 2;
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
