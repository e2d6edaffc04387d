/**
 * A single-file POSIX ustar archive: all an image layer around one binary needs. Written by hand
 * because the format is a 512-byte header plus padding, and a dependency would be larger than this.
 */
function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

export function singleFileTar(path: string, content: Buffer, mode = 0o755, mtime = 0): Buffer {
  if (Buffer.byteLength(path) > 100) throw new Error(`tar path longer than 100 bytes: ${path}`);
  const header = Buffer.alloc(512, 0);
  header.write(path, 0, 'utf8');
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108); // uid
  header.write(octal(0, 8), 116); // gid
  header.write(octal(content.length, 12), 124);
  header.write(octal(mtime, 12), 136);
  header.write('        ', 148); // checksum placeholder: eight spaces
  header.write('0', 156); // regular file
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(octal(sum, 7) + ' ', 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512, 0);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024, 0)]);
}
