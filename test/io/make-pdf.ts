// Writes small PDFs for the reader's tests: pages of text lines at given positions (Helvetica, WinAnsi).

/** A line of text on a page: its baseline position in points from the bottom-left corner. */
export interface PdfLine {
  text: string;
  x?: number;
  y: number;
  size?: number;
}

export interface PdfOptions {
  /** Adds a standard-security /Encrypt dictionary whose user password is not empty. */
  encrypted?: boolean;
  /** The document information dictionary's Title. */
  title?: string;
}

const escapePdf = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF whose pages hold the given lines (an empty page list item gives a page without text). */
export function makePdf(pages: PdfLine[][], options: PdfOptions = {}): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1 catalog, 2 pages, 3 font, then per page: page object + content stream.
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  let next = 4;
  for (const lines of pages) {
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    const ops = lines.map((l) => `BT /F1 ${l.size ?? 11} Tf 1 0 0 1 ${l.x ?? 72} ${l.y} Tm (${escapePdf(l.text)}) Tj ET`).join('\n');
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`;
  }
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let encryptId: number | undefined;
  if (options.encrypted) {
    encryptId = next++;
    const o = '<' + 'a1'.repeat(32) + '>';
    const u = '<' + '5c'.repeat(32) + '>';
    objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /O ${o} /U ${u} /P -44 >>`;
  }
  let infoId: number | undefined;
  if (options.title !== undefined) {
    infoId = next++;
    objects[infoId] = `<< /Title (${escapePdf(options.title)}) >>`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const encrypt = encryptId ? ` /Encrypt ${encryptId} 0 R /ID [<${'0f'.repeat(16)}> <${'0f'.repeat(16)}>]` : '';
  const info = infoId ? ` /Info ${infoId} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${encrypt}${info} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
