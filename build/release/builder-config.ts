import path from 'node:path';
import type { Configuration } from 'electron-builder';
import { checkAsar, listAsar } from './asar-check.js';
import { PACKAGED_APP_FUSES } from '../../electron/fuses.js';
import { stageBundle } from './bundle-stage.js';
import { builderArch, builderOs, INSTALLERS, RELEASE_ARCHS, type BuilderOs } from './targets.js';

/**
 * electron-builder's configuration for Meshdeck, as a function of the environment (signing, notarization and the
 * update feed come from variables; none is needed for an unsigned local build). Paths are relative to the project.
 */
// electron-builder's types that its package does not re-export, taken from its Configuration.
type FuseOptionsV1 = NonNullable<Configuration['electronFuses']>;
type BeforePackHook = Extract<Configuration['beforePack'], (context: never) => unknown>;
type BeforePackContext = Parameters<BeforePackHook>[0];
type PublishConfiguration = Exclude<Extract<Configuration['publish'], unknown[]>[number], string>;

export const APP_ID = 'io.meshdeck.desktop';
export const PRODUCT_NAME = 'Meshdeck';
/** What electron-builder packs into app.asar: dist/app, staged by build/release/stage-app.ts during `npm run build`. */
export const APP_DIR = 'dist/app';
export const OUTPUT_DIR = 'dist/release';
export const ICONS_DIR = 'dist/icons';
/** app.asar holds the bundled shell and core, the built UI and two small data files; the check fails above this. */
export const ASAR_BUDGET_BYTES = 24 * 1024 * 1024;

/** The files app.asar holds, relative to the app folder: the built app only. */
export const APP_FILES = [
  'package.json',
  'dist/electron/main.cjs',
  'dist/electron/preload.cjs',
  'dist/renderer/**/*',
  // The lock vouches for istioctl; inside the asar, its integrity check covers it (see main/platform/bundle-paths.ts).
  'build/istio/istio.lock.json',
  // Read when the core loads (the sandbox's address ranges).
  'build/testbed/pins.env',
  '!**/*.map',
];

/** @electron/fuses' names (electron/fuses.ts) in electron-builder's spelling: RunAsNode -> runAsNode. */
export function builderFuses(): FuseOptionsV1 {
  return Object.fromEntries(
    Object.entries(PACKAGED_APP_FUSES).map(([name, value]) => [name[0]!.toLowerCase() + name.slice(1), value]),
  ) as FuseOptionsV1;
}

type Env = Record<string, string | undefined>;

export interface SigningPlan {
  /** A Developer ID identity is given (CSC_LINK or CSC_NAME); otherwise the mac app is left unsigned (ad hoc). */
  macSigned: boolean;
  /** Notarization credentials are complete (one of the three sets @electron/notarize accepts). */
  macNotarized: boolean;
  /** A code-signing certificate for Windows is given (WIN_CSC_LINK or CSC_LINK). */
  winSigned: boolean;
}

export function signingPlan(env: Env): SigningPlan {
  const has = (...names: string[]) => names.every((n) => !!env[n]);
  const macSigned = has('CSC_LINK') || has('CSC_NAME');
  const notarizeCredentials =
    has('APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
    has('APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
    has('APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE');
  return { macSigned, macNotarized: macSigned && notarizeCredentials, winSigned: has('WIN_CSC_LINK') || has('CSC_LINK') };
}

/**
 * Where the packaged app looks for updates (written into the app as app-update.yml): a generic feed
 * (MESHDECK_UPDATE_FEED, https only), else the GitHub releases of MESHDECK_RELEASE_REPO or, in Actions,
 * GITHUB_REPOSITORY. None for a local build: its updater then needs a feed in the user's settings.
 */
export function publishConfig(env: Env): PublishConfiguration[] | null {
  const feed = env.MESHDECK_UPDATE_FEED;
  if (feed) {
    if (!/^https:\/\//.test(feed)) throw new Error(`MESHDECK_UPDATE_FEED must be an https URL, not ${feed}`);
    return [{ provider: 'generic', url: feed }];
  }
  const repo = env.MESHDECK_RELEASE_REPO || env.GITHUB_REPOSITORY;
  const match = repo ? /^([\w.-]+)\/([\w.-]+)$/.exec(repo) : null;
  if (repo && !match) throw new Error(`the release repository must be owner/name, not ${repo}`);
  return match ? [{ provider: 'github', owner: match[1]!, repo: match[2]!, releaseType: 'draft' }] : null;
}

const targets = (os: BuilderOs) => INSTALLERS[os].map((target) => ({ target, arch: [...RELEASE_ARCHS] }));

/** Checks and stages the istioctl of the installer being packed (see bundle-stage.ts). */
export function beforePackHook(root: string) {
  return async (context: BeforePackContext): Promise<void> => {
    const os = builderOs(context.electronPlatformName);
    const arch = builderArch(archName(context.arch));
    const staged = await stageBundle(root, os, arch);
    console.log(`[package] ${os}/${arch}: istioctl ${staged.target} matches the lock (${(staged.istioctlBytes / 2 ** 20).toFixed(1)} MiB); images: ${staged.images.join(', ') || 'none'}`);
    if (staged.missingImages.length > 0) {
      const message = `the lock's images ${staged.missingImages.join(', ')} are not under resources/images (see build/istio/README.md)`;
      // A release must carry every image; a local build may go without.
      if (process.env.MESHDECK_REQUIRE_IMAGES === '1') throw new Error(message);
      console.warn(`[package] warning: ${message}`);
    }
  };
}

/** Every packaging run checks the app.asar it assembled: the built app only, within the budget (asar-check.ts). */
export async function afterPackHook(context: BeforePackContext): Promise<void> {
  const resources = builderOs(context.electronPlatformName) === 'mac'
    ? path.join(context.appOutDir, `${PRODUCT_NAME}.app`, 'Contents', 'Resources')
    : path.join(context.appOutDir, 'resources');
  const file = path.join(resources, 'app.asar');
  const verdict = checkAsar(listAsar(file), ASAR_BUDGET_BYTES);
  if (verdict.problems.length > 0) throw new Error(`app.asar is not what it should be:\n  ${verdict.problems.join('\n  ')}`);
  console.log(`[package] app.asar: ${verdict.files} files, ${(verdict.bytes / 2 ** 20).toFixed(1)} MiB (budget ${(ASAR_BUDGET_BYTES / 2 ** 20).toFixed(0)} MiB)`);
}

/** electron-builder's Arch enum value as its name (x64 = 1, arm64 = 3). */
function archName(arch: number): string {
  return ({ 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' } as Record<number, string>)[arch] ?? String(arch);
}

export interface ConfigOptions {
  /** The project's root (absolute). */
  root: string;
  electronVersion: string;
  env: Env;
  /** An unpacked Electron to package instead of downloading one (the offline package check uses a stand-in). */
  electronDist?: string;
}

export function builderConfig({ root, electronVersion, env, electronDist }: ConfigOptions): Configuration {
  const signing = signingPlan(env);
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: 'Copyright © Meshdeck contributors',
    electronVersion,
    ...(electronDist ? { electronDist } : {}),
    directories: { app: APP_DIR, output: OUTPUT_DIR, buildResources: ICONS_DIR },
    // A copy: electron-builder normalises the arrays it is given in place.
    files: [...APP_FILES],
    asar: true,
    // The shell and the core are one esbuild bundle with no native modules: answering false here tells
    // electron-builder that node_modules are handled elsewhere, so it neither rebuilds nor copies any into app.asar
    // (with an app folder that declares no dependencies it would otherwise fall back to the project's).
    beforeBuild: async () => false,
    fileAssociations: [],
    protocols: [],
    artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
    extraResources: [
      // The staged, lock-checked istioctl of this installer's OS/arch (beforePack), and what every installer carries.
      { from: 'dist/bundle/${os}-${arch}', to: 'istio', filter: ['**/*'] },
      { from: 'resources/istio/addons', to: 'istio/addons', filter: ['**/*'] },
      { from: 'resources/images', to: 'images', filter: ['**/*'] },
    ],
    electronFuses: builderFuses(),
    beforePack: beforePackHook(root),
    afterPack: afterPackHook,
    publish: publishConfig(env),
    mac: {
      target: targets('mac'),
      category: 'public.app-category.developer-tools',
      icon: `${ICONS_DIR}/icon.icns`,
      hardenedRuntime: true,
      // istioctl is signed before packaging, and the lock inside the app records it as signed
      // (build/release/sign-istioctl-mac.ts); signing it again here would change it behind the lock's back.
      signIgnore: ['/istio/darwin-[a-z0-9]+/istioctl$'],
      // null: no signing at all (not even a search of the keychain) when no identity is given.
      ...(signing.macSigned ? {} : { identity: null }),
      notarize: signing.macNotarized,
    },
    dmg: { artifactName: '${productName}-${version}-${os}-${arch}.${ext}' },
    win: {
      target: targets('win'),
      icon: `${ICONS_DIR}/icon.ico`,
      // Signing would rewrite istioctl.exe, and the app runs it only if it matches the lock: it ships as built.
      signExts: ['!istioctl.exe'],
    },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      // One installer per arch (named with it), not one carrying both.
      buildUniversalInstaller: false,
      artifactName: '${productName}-Setup-${version}-${os}-${arch}.${ext}',
    },
    linux: {
      target: targets('linux'),
      icon: `${ICONS_DIR}/png`,
      category: 'Development',
      synopsis: 'Istio on Kubernetes, from install to metric-gated canaries',
      maintainer: 'Meshdeck contributors <meshdeck@users.noreply.github.com>',
      executableName: 'meshdeck',
    },
  };
}
