/**
 * Saves text as a file: a Blob URL and a temporary <a download>. Works under the page's CSP (default-src 'self'):
 * a blob: download is a navigation of a same-origin object URL, not a fetch, and no inline script is involved.
 */
export function downloadText(fileName: string, text: string, type = 'application/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference to the blob once it started; give it time before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies text to the clipboard; false when the page may not (then the user selects and copies it). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
