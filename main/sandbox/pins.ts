import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The one place testbed versions live is build/testbed/pins.env; this reads it. */
export const PINS_FILE = fileURLToPath(new URL('../../build/testbed/pins.env', import.meta.url));

export interface Pins {
  K8S_VERSION: string;
  ETCD_VERSION: string;
  KWOK_VERSION: string;
  ISTIO_LABEL: string;
  ISTIO_MODULE_VERSION: string;
  GATEWAY_API_VERSION: string;
  SANDBOX_POD_CIDR: string;
  SANDBOX_SERVICE_CIDR: string;
}

export function parsePinsFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim().replace(/^["']|["']$/g, '');
  }
  return out;
}

export function readPins(): Pins {
  const all = parsePinsFile(readFileSync(PINS_FILE, 'utf8'));
  const need = ['K8S_VERSION', 'ETCD_VERSION', 'KWOK_VERSION', 'ISTIO_LABEL', 'ISTIO_MODULE_VERSION', 'GATEWAY_API_VERSION', 'SANDBOX_POD_CIDR', 'SANDBOX_SERVICE_CIDR'] as const;
  for (const k of need) if (!all[k]) throw new Error(`${PINS_FILE} does not set ${k}`);
  return all as unknown as Pins;
}
