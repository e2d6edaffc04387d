import { request } from 'node:http';

/** What a browser context needs to be logged in to web mode: the session cookie for the app's host name. */
export interface WebSessionCookie {
  name: string;
  value: string;
  domain: string;
}

/**
 * Trades the server's single-use login URL for a session once, outside the browser, so every test can start a
 * page already logged in (the token itself works only once). The app's `*.localhost` name is sent as the Host;
 * the connection goes to 127.0.0.1, so no name is looked up.
 */
export function loginOverHttp(loginUrl: string): Promise<WebSessionCookie> {
  const url = new URL(loginUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: `${url.pathname}${url.search}`, headers: { host: url.host } }, (res) => {
      res.resume();
      const match = /^([^=]+)=([^;]+)/.exec(String(res.headers['set-cookie']?.[0] ?? ''));
      if (res.statusCode !== 302 || !match) return reject(new Error(`login to ${url.host} answered ${res.statusCode} without a session cookie`));
      resolve({ name: match[1]!, value: match[2]!, domain: url.hostname });
    });
    req.on('error', reject);
    req.end();
  });
}
