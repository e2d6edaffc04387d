import { FuseV1Options } from '@electron/fuses';
import { Ajv, type AnySchema } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGED_APP_FUSES } from '../../electron/fuses.js';
import { APP_FILES, builderConfig, builderFuses, publishConfig, signingPlan } from './builder-config.js';
import { namedPaths } from './named-paths.js';
import { relockSigned } from './sign-istioctl-mac.js';
import { appPackageJson } from './stage-app.js';
import { builderArch, builderOs, goTarget } from './targets.js';

const root = path.resolve('/project');
const config = (env: Record<string, string | undefined> = {}) => builderConfig({ root, electronVersion: '45.3.4', env });

/**
 * electron-builder's own JSON schema (app-builder-lib/scheme.json), compiled with ajv the way electron-builder does,
 * except that its custom "typeof" keyword (hooks may be functions) is really checked instead of ignored.
 */
function builderSchemaValidator() {
  const require = createRequire(import.meta.url);
  const schemaFile = path.join(path.dirname(require.resolve('app-builder-lib/package.json')), 'scheme.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (type: string, data: unknown) => typeof data === type });
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as AnySchema);
}

describe("the builder's config", () => {
  const validate = builderSchemaValidator();

  it("matches electron-builder's schema, unsigned and with every signing and feed variable set", () => {
    const envs: Record<string, string>[] = [
      {},
      { CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'iss', GITHUB_REPOSITORY: 'meshdeck/meshdeck' },
      { WIN_CSC_LINK: 'win.p12', MESHDECK_UPDATE_FEED: 'https://updates.example/meshdeck' },
    ];
    for (const env of envs) {
      const ok = validate(config(env));
      expect(validate.errors ?? [], JSON.stringify(env)).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('is refused by the schema when it names something electron-builder does not know', () => {
    expect(validate({ ...config(), asarr: true })).toBe(false);
    expect(validate({ ...config(), beforePack: 42 })).toBe(false);
  });

  it('names every target of the release, with version and arch in each artifact name and asar on', () => {
    const c = config();
    const targets = (os: 'mac' | 'win' | 'linux') => c[os]?.target;
    expect(targets('win')).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(targets('mac')).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }, { target: 'zip', arch: ['x64', 'arm64'] }]);
    expect(targets('linux')).toEqual([{ target: 'AppImage', arch: ['x64', 'arm64'] }, { target: 'deb', arch: ['x64', 'arm64'] }]);
    for (const name of [c.artifactName, c.nsis?.artifactName, c.dmg?.artifactName]) expect(name).toMatch(/\$\{version\}.*\$\{arch\}/);
    expect(c.asar).toBe(true);
    expect(c.fileAssociations).toEqual([]);
    expect(c.appId).toBe('io.meshdeck.desktop');
    expect(c.productName).toBe('Meshdeck');
  });

  it('applies the fuses of electron/fuses.ts, by the names @electron/fuses knows', () => {
    const fuses = builderFuses();
    expect(config().electronFuses).toEqual(fuses);
    const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(PACKAGED_APP_FUSES).sort()).toEqual(names.sort());
    expect(fuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, enableNodeCliInspectArguments: false });
  });

  it('packs only the built app, and names the icons, the staged istioctl and the shared resources', () => {
    expect(APP_FILES).toContain('!**/*.map');
    expect(namedPaths(config(), 'mac', 'arm64')).toEqual([
      'dist/app',
      'dist/app/package.json',
      'dist/app/dist/electron/main.cjs',
      'dist/app/dist/electron/preload.cjs',
      'dist/app/build/istio/istio.lock.json',
      'dist/app/build/testbed/pins.env',
      'dist/app/dist/renderer/index.html',
      'dist/icons/icon.icns',
      'dist/icons/icon.ico',
      'dist/icons/png',
      'dist/bundle/mac-arm64',
      'resources/istio/addons',
      'resources/images',
    ]);
    expect(Object.keys(appPackageJson({ name: 'meshdeck', version: '1.2.3', main: 'dist/electron/main.cjs' })).sort()).toEqual(
      ['author', 'description', 'main', 'name', 'private', 'productName', 'version'],
    );
  });
});

describe('signing and notarization from the environment', () => {
  it('builds unsigned with nothing set: no identity searched, no notarization', () => {
    expect(signingPlan({})).toEqual({ macSigned: false, macNotarized: false, winSigned: false });
    expect(config().mac).toMatchObject({ identity: null, notarize: false, hardenedRuntime: true });
  });

  it('signs with a certificate and notarizes only with a complete set of Apple credentials', () => {
    expect(signingPlan({ CSC_LINK: 'c.p12', APPLE_ID: 'a@b', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' })).toEqual({ macSigned: true, macNotarized: true, winSigned: true });
    expect(signingPlan({ CSC_LINK: 'c.p12', APPLE_ID: 'a@b', APPLE_TEAM_ID: 'T' }).macNotarized).toBe(false);
    expect(signingPlan({ APPLE_KEYCHAIN: 'k', APPLE_KEYCHAIN_PROFILE: 'p' }).macNotarized).toBe(false); // nothing to notarize unsigned
    expect(signingPlan({ WIN_CSC_LINK: 'w.p12' })).toEqual({ macSigned: false, macNotarized: false, winSigned: true });
    const signed = config({ CSC_NAME: 'Developer ID Application: X', APPLE_API_KEY: 'k', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 's' }).mac;
    expect(signed).not.toHaveProperty('identity');
    expect(signed?.notarize).toBe(true);
  });
});

describe('the update feed written into the app', () => {
  it('is a generic https feed, GitHub releases, or none', () => {
    expect(publishConfig({ MESHDECK_UPDATE_FEED: 'https://updates.example/m' })).toEqual([{ provider: 'generic', url: 'https://updates.example/m' }]);
    expect(publishConfig({ GITHUB_REPOSITORY: 'acme/meshdeck' })).toEqual([{ provider: 'github', owner: 'acme', repo: 'meshdeck', releaseType: 'draft' }]);
    expect(publishConfig({ MESHDECK_RELEASE_REPO: 'me/fork', GITHUB_REPOSITORY: 'acme/meshdeck' })).toMatchObject([{ owner: 'me', repo: 'fork' }]);
    expect(publishConfig({})).toBeNull();
    expect(() => publishConfig({ MESHDECK_UPDATE_FEED: 'http://updates.example/m' })).toThrow(/https/);
    expect(() => publishConfig({ GITHUB_REPOSITORY: 'not a repo' })).toThrow(/owner\/name/);
  });
});

describe('targets', () => {
  it("maps electron-builder's names to the lock's Go targets", () => {
    expect(goTarget('mac', 'arm64')).toBe('darwin-arm64');
    expect(goTarget('win', 'x64')).toBe('windows-amd64');
    expect(goTarget('linux', 'x64')).toBe('linux-amd64');
    expect(builderOs('darwin')).toBe('mac');
    expect(builderOs('win32')).toBe('win');
    expect(() => builderOs('freebsd')).toThrow();
    expect(builderArch('arm64')).toBe('arm64');
    expect(() => builderArch('ia32')).toThrow();
  });
});

describe('signing never changes istioctl behind the lock', () => {
  it('Windows leaves istioctl.exe as built; macOS leaves the istioctl signed and relocked before packaging', () => {
    const c = config({ CSC_LINK: 'c.p12', WIN_CSC_LINK: 'w.p12' });
    expect(c.win?.signExts).toEqual(['!istioctl.exe']);
    const ignore = new RegExp((c.mac?.signIgnore as string[])[0]!);
    expect(ignore.test('/x/Meshdeck.app/Contents/Resources/istio/darwin-arm64/istioctl')).toBe(true);
    expect(ignore.test('/x/Meshdeck.app/Contents/MacOS/Meshdeck')).toBe(false);
  });

  it('records a signed istioctl with its new checksum and keeps the one it was built with', () => {
    const lock = { version: 'v', module: 'm', goVersion: 'g', images: [], istioctl: { 'darwin-arm64': { path: 'darwin-arm64/istioctl', sha256: 'built' } } };
    const once = relockSigned(lock, 'darwin-arm64', 'signed-1');
    expect(once.istioctl['darwin-arm64']).toEqual({ path: 'darwin-arm64/istioctl', sha256: 'signed-1', unsignedSha256: 'built' });
    expect(relockSigned(once, 'darwin-arm64', 'signed-2').istioctl['darwin-arm64']).toMatchObject({ sha256: 'signed-2', unsignedSha256: 'built' });
    expect(lock.istioctl['darwin-arm64'].sha256).toBe('built');
    expect(() => relockSigned(lock, 'darwin-amd64', 'x')).toThrow(/no istioctl for darwin-amd64/);
  });
});
