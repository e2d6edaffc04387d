/**
 * The Content-Security-Policy every renderer page is served with, by the desktop shell
 * (app:// protocol) and by the web-mode server alike. No imports: this runs everywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  /*
   * Inline styles are allowed for the routing editor (Monaco 0.54), and for nothing it could do without:
   * - Monaco renders its view (lines, line numbers, selections, decorations such as the squiggles under a problem,
   *   indent guides) as HTML strings with style="top:…;width:…" attributes: blocked, markers and selections vanish;
   * - it keeps its theme (token colours, the editor's colours) and its runtime rules (decorations, the suggest and
   *   hover widgets) in <style> elements it creates and fills: blocked, the editor has no colours, no squiggles.
   * Monaco has no nonce or hash option for either (microsoft/monaco-editor#271), so 'unsafe-inline' is the narrowest
   * value that works. What it does not open: scripts (script-src stays 'self', no eval), style sheets from elsewhere
   * (only 'self' and inline), and any request an injected style could make to leak data (img-src, font-src and
   * connect-src stay 'self').
   */
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
