import QRCode from 'qrcode';

/**
 * A QR code as one SVG path, built locally with the `qrcode` package (no image request, no
 * inline script: fine under the page's CSP). `size` modules per side plus a 4-module quiet
 * zone; the path draws each dark module as a 1×1 square. Also used by the browser test to
 * check that the page's code encodes exactly the API's payment URI.
 */
export function qrPath(text: string): { size: number; path: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) parts.push(`M${col + 4} ${row + 4}h1v1h-1z`);
    }
  }
  return { size: n + 8, path: parts.join('') };
}
