// Document properties of Word and OpenDocument files (the title), read from their metadata XML.
import { DOMParser } from '@xmldom/xmldom';

const DC = 'http://purl.org/dc/elements/1.1/';

/**
 * The `title` attribute from a Dublin Core metadata part (Word's docProps/core.xml, OpenDocument's
 * meta.xml), when it has a non-empty `dc:title`; {} when the part is absent or unreadable (metadata
 * never stops a document from being read).
 */
export function titleAttribute(xml: Uint8Array | undefined): Record<string, string> {
  if (!xml) return {};
  try {
    const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(new TextDecoder('utf-8', { fatal: true }).decode(xml), 'text/xml');
    const title = doc.getElementsByTagNameNS(DC, 'title')[0]?.textContent?.replace(/\s+/g, ' ').trim();
    return title ? { title } : {};
  } catch {
    return {};
  }
}
