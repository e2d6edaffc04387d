/**
 * A cluster's server address as it may be shown: without the `user:password@` a kubeconfig can write into it.
 * Works on what kubectl accepts, a URL or a bare host:port, and leaves everything else as written.
 */
export function withoutUserInfo(server: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/s.exec(server);
  if (!match) return server;
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  return at < 0 ? server : `${scheme}${authority.slice(at + 1)}${rest}`;
}
