import type { ContextSummary } from '../../../main/contract/models.js';

const AUTH_LABEL: Record<ContextSummary['authKind'], string> = {
  'client-certificate': 'Client certificate',
  token: 'Token',
  'token-file': 'Token file',
  exec: 'Exec plugin',
  basic: 'Username and password',
  'auth-provider': 'Auth provider (legacy)',
  none: 'None',
};

/** "Exec plugin (gke-gcloud-auth-plugin)", "Client certificate"… */
export function authLabel(context: Pick<ContextSummary, 'authKind' | 'execCommand'>): string {
  const base = AUTH_LABEL[context.authKind];
  return context.authKind === 'exec' && context.execCommand ? `${base} (${context.execCommand})` : base;
}
