// `npm run build:icons`: every platform's icon from the one source image, resources/icon.svg, into dist/icons/
// (what the builder's config names): png/<size>x<size>.png for Linux, icon.icns for macOS, icon.ico for Windows.
// SVG -> PNG with resvg (WebAssembly: the same on every OS, nothing native to install); PNG -> ICNS/ICO with png2icons.
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';
import { ICONS_DIR } from './builder-config.js';

export const ICON_SOURCE = 'resources/icon.svg';
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

let wasmReady: Promise<void> | undefined;

export async function renderPng(svg: string, size: number): Promise<Buffer> {
  wasmReady ??= initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
  await wasmReady;
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

export interface IconSet {
  pngs: Map<number, Buffer>;
  icns: Buffer;
  ico: Buffer;
}

export async function makeIcons(svg: string): Promise<IconSet> {
  const pngs = new Map<number, Buffer>();
  for (const size of LINUX_SIZES) pngs.set(size, await renderPng(svg, size));
  const largest = pngs.get(1024)!;
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC, 0);
  // PNG-compressed entries; forWinExe keeps the 256 px entry usable as an .exe's resource.
  const ico = png2icons.createICO(largest, png2icons.BICUBIC, 0, true, true);
  if (!icns || !ico) throw new Error('png2icons could not convert the icon');
  return { pngs, icns, ico };
}

export async function writeIcons(root: string): Promise<string[]> {
  const out = path.join(root, ICONS_DIR);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'png'), { recursive: true });
  const icons = await makeIcons(readFileSync(path.join(root, ICON_SOURCE), 'utf8'));
  const written: string[] = [];
  const write = (file: string, data: Buffer) => {
    writeFileSync(path.join(out, file), data);
    written.push(`${ICONS_DIR}/${file}`);
  };
  for (const [size, png] of icons.pngs) write(`png/${size}x${size}.png`, png);
  write('icon.icns', icons.icns);
  write('icon.ico', icons.ico);
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const written = await writeIcons(root);
  console.log(`icons: ${written.length} files in ${ICONS_DIR}/ from ${ICON_SOURCE}`);
}
