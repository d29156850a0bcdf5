// Draws the app icon (a chat bubble over an archive box on a blue tile) into build/icons/NxN.png,
// the layout electron-builder reads for Linux (`linux.icon: build/icons`). No image library: shapes
// are signed-distance functions, 4×4 supersampled, written as RGBA PNGs with node:zlib.
// Run: node build/icons/draw-icons.mjs   (the PNGs are committed; rerun only to change the design)
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { stdout } from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const sizes = [512, 256, 128, 64, 32, 16];
const here = path.dirname(fileURLToPath(import.meta.url));

/** Signed distance to a rounded rectangle (negative inside), in the 512-unit design space. */
function roundedRect(x, y, left, top, width, height, radius) {
  const cx = left + width / 2;
  const cy = top + height / 2;
  const qx = Math.abs(x - cx) - width / 2 + radius;
  const qy = Math.abs(y - cy) - height / 2 + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Signed distance to a convex polygon given clockwise (screen coordinates). */
function convexPolygon(x, y, points) {
  let inside = -Infinity;
  let outside = 0;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    const ex = bx - ax;
    const ey = by - ay;
    const length = Math.hypot(ex, ey);
    const side = ((x - ax) * ey - (y - ay) * ex) / length;
    inside = Math.max(inside, side);
    const t = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (length * length)));
    outside = Math.max(outside, side > 0 ? Math.hypot(x - (ax + t * ex), y - (ay + t * ey)) : 0);
  }
  return inside <= 0 ? inside : outside;
}

const union = (...distances) => Math.min(...distances);

/** Layers bottom to top: [colour [r,g,b], distance(x,y)]. */
const layers = [
  // Tile: WeCom-like blue, top lighter than bottom.
  [(y) => mix([62, 142, 247], [30, 96, 210], y / 512), (x, y) => roundedRect(x, y, 24, 24, 464, 464, 104)],
  // Chat bubble with its tail, white.
  [
    () => [255, 255, 255],
    (x, y) =>
      union(
        roundedRect(x, y, 84, 92, 300, 200, 56),
        convexPolygon(x, y, [
          [134, 270],
          [206, 280],
          [118, 346],
        ]),
      ),
  ],
  // Three text lines inside the bubble.
  [() => [46, 118, 228], (x, y) => roundedRect(x, y, 128, 140, 212, 28, 14)],
  [() => [46, 118, 228], (x, y) => roundedRect(x, y, 128, 184, 168, 28, 14)],
  [() => [46, 118, 228], (x, y) => roundedRect(x, y, 128, 228, 112, 28, 14)],
  // Archive box: body, lid, handle slot (amber, the "kept" colour).
  [() => [255, 183, 51], (x, y) => roundedRect(x, y, 262, 302, 186, 138, 20)],
  [() => [255, 205, 96], (x, y) => roundedRect(x, y, 244, 262, 222, 58, 18)],
  [() => [196, 120, 12], (x, y) => roundedRect(x, y, 320, 342, 70, 22, 11)],
];

function mix(a, b, t) {
  return a.map((value, i) => value + (b[i] - value) * Math.max(0, Math.min(1, t)));
}

function render(size) {
  const scale = 512 / size;
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          let colour = null;
          for (const [paint, distance] of layers) if (distance(x, y) <= 0) colour = paint(y);
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const offset = (py * size + px) * 4;
      // Premultiplied sums → straight alpha.
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of sizes) {
  writeFileSync(path.join(here, `${size}x${size}.png`), encodePng(size, render(size)));
}
stdout.write(`icons: wrote ${sizes.map((s) => `${s}x${s}.png`).join(', ')}\n`);
