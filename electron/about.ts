/** The About panel's text: the app and what it runs on, and the Istio it deploys. Pure, so it is tested. */
export interface Versions {
  app: string;
  electron: string;
  chrome: string;
  node: string;
  istio: string;
}

export function aboutMessage(v: Versions): { message: string; detail: string } {
  return {
    message: `Meshdeck ${v.app}`,
    detail: [`Electron ${v.electron}`, `Chromium ${v.chrome}`, `Node ${v.node}`, `Istio ${v.istio} (bundled)`].join('\n'),
  };
}
