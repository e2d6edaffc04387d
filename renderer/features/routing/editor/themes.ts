import type { Theme } from '../../theme/theme.js';
import { monaco } from './monaco.js';

/**
 * Monaco's own themes, with YAML's colours darkened (light) or lightened (dark) and calmer diff backgrounds, so that
 * every token keeps a 4.5:1 contrast on a plain line and on an inserted or removed line of a diff (WCAG AA, as the
 * rest of the app). Checked by the axe run of the e2e on the review and conflict views.
 */
const YAML_TOKENS = ['type', 'string', 'number', 'keyword', 'comment'] as const;

function rules(colors: Record<(typeof YAML_TOKENS)[number], string>): monaco.editor.ITokenThemeRule[] {
  // Both the token and its YAML flavour: the base themes colour string.yaml on its own.
  return YAML_TOKENS.flatMap((token) => [
    { token, foreground: colors[token] },
    { token: `${token}.yaml`, foreground: colors[token] },
  ]);
}

monaco.editor.defineTheme('meshdeck-light', {
  base: 'vs',
  inherit: true,
  rules: rules({ type: '005f5f', string: '03417f', number: '05603f', keyword: '0000b8', comment: '1d5e1d' }),
  colors: {
    'diffEditor.insertedLineBackground': '#2ea04326',
    'diffEditor.insertedTextBackground': '#2ea04340',
    'diffEditor.removedLineBackground': '#cf222e1f',
    'diffEditor.removedTextBackground': '#cf222e33',
  },
});

monaco.editor.defineTheme('meshdeck-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: rules({ type: '4fd6bd', string: 'e6b89e', number: 'c3d8b8', keyword: '93c5f0', comment: '9ccc86' }),
  colors: {
    'diffEditor.insertedLineBackground': '#2ea0431f',
    'diffEditor.insertedTextBackground': '#2ea04333',
    'diffEditor.removedLineBackground': '#f851491a',
    'diffEditor.removedTextBackground': '#f851492b',
  },
});

export const themeName = (theme: Theme) => (theme === 'dark' ? 'meshdeck-dark' : 'meshdeck-light');

/** The editors' theme for the app's (Monaco has one theme for every editor on the page). */
export const applyTheme = (theme: Theme) => monaco.editor.setTheme(themeName(theme));
