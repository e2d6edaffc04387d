import { describe, expect, it } from 'vitest';
import { isSecretField, redact, redactText, REDACTED } from './redact.js';

// Every planted secret below is a distinct, recognisable string: the test proves none of them survives anywhere in
// the redacted report's text, and that the harmless facts around them do.
const S = {
  token: 'kubeTokenPlanted0001xyz',
  saJwt: 'eyJhbGciOiJSUzI1NiIsImtpZCI6InBsYW50ZWQifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGxhbnRlZCJ9.c2lnbmF0dXJlUGxhbnRlZDAwMDI',
  password: 'hunter2Planted0003',
  basicPassword: 'basicPwPlanted0004',
  clientKeyData: 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcGxhbnRlZDAwMDVLZXlEYXRhUGxhbnRlZA==',
  clientCertData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUNwbGFudGVkMDAwNkNlcnREYXRhUGxhbnRlZA==',
  caData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUNjYVBsYW50ZWQwMDA3Q2FEYXRhUGxhbnRlZA==',
  pemKeyBody: 'MIIEpAIBAAKCAQEAplantedPemKeyBody0008',
  pemCertBody: 'MIIDplantedPemCertBody0009',
  bearer: 'bearerPlanted0010abcdef',
  urlPassword: 'urlPwPlanted0011',
  urlUser: 'urlUserPlanted0012',
  secretData: 'c2VjcmV0IHZhbHVlIHBsYW50ZWQgMDAxMyBpbiBhIEt1YmVybmV0ZXMgU2VjcmV0',
  accessToken: 'accessTokenPlanted0014',
  envPassword: 'envPwPlanted0015',
  flagToken: 'flagTokenPlanted0016',
  basicHeader: Buffer.from('admin:basicHeaderPlanted0017').toString('base64'),
  promPassword: 'promPwPlanted0018',
  idToken: 'idTokenPlanted0019',
  clientSecret: 'clientSecretPlanted0020',
};

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://${S.urlUser}:${S.urlPassword}@prod.example:6443
    certificate-authority-data: ${S.caData}
users:
- name: admin
  user:
    token: ${S.token}
    client-certificate-data: ${S.clientCertData}
    client-key-data: ${S.clientKeyData}
- name: basic
  user:
    username: alice
    password: ${S.basicPassword}
- name: oidc
  user:
    auth-provider:
      config:
        id-token: ${S.idToken}
        client-secret: ${S.clientSecret}
`;

const pem = `-----BEGIN RSA PRIVATE KEY-----\n${S.pemKeyBody}\nAAAA\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n${S.pemCertBody}\n-----END CERTIFICATE-----`;

const report = {
  app: { version: '0.1.0', istio: '1.31-alpha.eed52ebb66ad' },
  bundle: { sha256: 'a228dbb8be1f75c22af73ce401838cc659f65693cd6d207b55c885b29abe9357' },
  contexts: [
    { name: 'prod', server: `https://${S.urlUser}:${S.urlPassword}@prod.example:6443`, reachable: false, error: { code: 'UNAVAILABLE', detail: `GET /version: 401 with Authorization: Bearer ${S.bearer}` } },
    { name: 'sandbox-admin', server: 'https://127.0.0.1:6443', reachable: true, serverVersion: 'v1.36.3' },
  ],
  kubeconfigText: kubeconfig,
  // Structured fields by name, whatever their values look like.
  user: { token: S.token, password: S.password, 'client-key-data': S.clientKeyData, 'client-certificate-data': S.clientCertData, clientKey: pem },
  secret: { kind: 'Secret', data: { 'tls.key': S.secretData } },
  recentErrors: [
    { method: 'metrics.query', message: 'Prometheus refused', detail: `GET https://prom:${S.promPassword}@prometheus.example/api/v1/query?query=up&access_token=${S.accessToken}` },
    { method: 'contexts.probe', detail: `exec plugin printed {"kind":"ExecCredential","status":{"token":"${S.saJwt}"}}` },
  ],
  recentLog: [
    `[meshdeck] plugin ran: aws-iam-authenticator token --token ${S.flagToken}`,
    `PASSWORD=${S.envPassword} KUBECONFIG=/home/u/.kube/config`,
    `proxy answered 407; sent Proxy-Authorization: Basic ${S.basicHeader}`,
    `loaded certificate ${pem}`,
    `service account token ${S.saJwt}`,
    `secret value ${S.secretData}`,
  ],
};

describe('redact', () => {
  const text = JSON.stringify(redact(report), null, 2);
  const finalText = redactText(text);

  it('leaves none of the planted tokens, passwords, client keys, certificates or credentials anywhere', () => {
    for (const [name, secret] of Object.entries(S)) {
      expect(finalText.includes(secret), `${name} survived`).toBe(false);
      expect(text.includes(secret), `${name} survived the structured pass`).toBe(false);
      // Not even a long piece of one.
      if (secret.length > 24) expect(finalText.includes(secret.slice(4, 24)), `part of ${name} survived`).toBe(false);
    }
    expect(finalText).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY[\s\S]*END/);
    expect(finalText).not.toContain('MII');
  });

  it('keeps what a diagnosis needs: names, hosts, versions, digests, codes', () => {
    for (const kept of ['sandbox-admin', 'https://127.0.0.1:6443', 'prod.example:6443', 'v1.36.3', '1.31-alpha.eed52ebb66ad',
      'a228dbb8be1f75c22af73ce401838cc659f65693cd6d207b55c885b29abe9357', 'UNAVAILABLE', 'metrics.query', 'prometheus.example/api/v1/query?query=up', 'username: alice', 'KUBECONFIG=/home/u/.kube/config']) {
      expect(finalText, kept).toContain(kept);
    }
    const redacted = redact(report);
    expect(redacted.contexts[1]?.reachable).toBe(true);
    expect(redacted.user.token).toBe(REDACTED);
  });

  it('is a pure copy: the input is untouched', () => {
    expect(report.user.token).toBe(S.token);
  });
});

describe('redactText', () => {
  it('handles each shape on its own', () => {
    expect(redactText('Authorization: Bearer abc.def.ghi-123')).toBe(`Authorization: ${REDACTED}`);
    expect(redactText('curl -H "authorization: basic Zm9vOmJhcg=="')).toBe(`curl -H "authorization: ${REDACTED}"`);
    expect(redactText('https://bob:pw@host/x and ssh://git@host')).toBe(`https://${REDACTED}@host/x and ssh://${REDACTED}@host`);
    expect(redactText('{"token":"abc","password": "p w \\" x"}')).toBe(`{"token":"${REDACTED}","password": "${REDACTED}"}`);
    expect(redactText("PASSWORD='two words' next")).toBe(`PASSWORD='${REDACTED}' next`);
    expect(redactText('token: abc\n  client-key-data: QUJD')).toBe(`token: ${REDACTED}\n  client-key-data: ${REDACTED}`);
    expect(redactText('-----BEGIN EC PRIVATE KEY-----\nabc (cut off')).toBe('[redacted PEM block]');
    expect(redactText('digest sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toContain('0123456789abcdef0123456789abcdef');
  });
});

describe('isSecretField', () => {
  it('knows kubeconfig, HTTP and Secret field names, and leaves ordinary ones', () => {
    for (const name of ['token', 'id-token', 'client-key-data', 'client-certificate-data', 'certificate-authority-data', 'password', 'Authorization', 'clientSecret', 'data', 'tls.key', 'apiKey', 'Cookie']) {
      expect(isSecretField(name), name).toBe(true);
    }
    for (const name of ['name', 'server', 'authKind', 'reachable', 'serverVersion', 'insecureSkipTlsVerify', 'message', 'sha256']) {
      expect(isSecretField(name), name).toBe(false);
    }
  });
});
