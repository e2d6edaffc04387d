import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate issued by the sandbox's own CA, as file paths. */
export interface Issued { cert: string; key: string }

export interface CertRequest {
  name: string;
  commonName: string;
  organization?: string;
  /** DNS names and IPs for a serving certificate. */
  sans?: string[];
  usage: 'server' | 'client' | 'both';
  days?: number;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/** Creates the CA once; later calls reuse it so kubeconfigs stay valid across restarts. */
export function ensureCa(dir: string): Issued {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cert = join(dir, 'ca.crt');
  const key = join(dir, 'ca.key');
  if (!existsSync(cert) || !existsSync(key)) {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], dir);
    openssl(['req', '-x509', '-new', '-key', key, '-subj', '/CN=meshdeck-sandbox-ca', '-days', '3650', '-out', cert,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature'], dir);
  }
  return { cert, key };
}

/** Issues (once) a leaf certificate signed by the CA in `dir`. */
export function ensureCert(dir: string, req: CertRequest): Issued {
  const ca = ensureCa(dir);
  const cert = join(dir, `${req.name}.crt`);
  const key = join(dir, `${req.name}.key`);
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  const csr = join(dir, `${req.name}.csr`);
  const ext = join(dir, `${req.name}.ext`);
  const eku = req.usage === 'server' ? 'serverAuth' : req.usage === 'client' ? 'clientAuth' : 'serverAuth,clientAuth';
  const lines = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${eku}`];
  if (req.sans?.length) {
    lines.push('subjectAltName=' + req.sans.map((s) => (/^[\d.]+$|:/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(','));
  }
  writeFileSync(ext, lines.join('\n') + '\n');
  const subject = `/CN=${req.commonName}` + (req.organization ? `/O=${req.organization}` : '');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], dir);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', String(req.days ?? 3650),
    '-out', cert, '-extfile', ext], dir);
  return { cert, key };
}

/** RSA key pair for signing service-account tokens. */
export function ensureServiceAccountKey(dir: string): { key: string; pub: string } {
  const key = join(dir, 'sa.key');
  const pub = join(dir, 'sa.pub');
  if (!existsSync(key) || !existsSync(pub)) {
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key], dir);
    openssl(['pkey', '-in', key, '-pubout', '-out', pub], dir);
  }
  return { key, pub };
}
