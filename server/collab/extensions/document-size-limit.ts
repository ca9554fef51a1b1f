import { CloseCode } from "../../../app/collab/protocol";
import { Refusal, type CollabExtension } from "../extension";

/**
 * Stored bytes one document may grow to. A meeting's agenda, notes, agreements and report
 * are tens of kilobytes; a year of daily typing in one document stays well under this.
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 8 * 2 ** 20;

/**
 * A size limit per document (issue #13.5: one member sent 57 MB in 30 updates). An update
 * that would take the stored document (state + log) over the limit is refused whole with
 * 4413; the page tells the person the document is full. What is already there stays.
 */
export function documentSizeLimit(maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): CollabExtension {
  return {
    name: "document-size-limit",
    beforeApplyUpdate(connection, update) {
      const document = connection.document!;
      if (document.storedBytes + update.bytes.length > maxBytes) {
        throw new Refusal(CloseCode.documentTooLarge, `document would exceed ${maxBytes} bytes`);
      }
    },
  };
}
