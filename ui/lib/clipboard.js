// Copying text to the clipboard: the async Clipboard API first, then the old selection-based
// copy, so Copy buttons work in every webview. Neither path touches the DOM's HTML. And clearing
// it after the credential was pasted (the credential may still be on it).

/**
 * Copies `text`. Resolves true when a copy path reported success, false otherwise (the caller
 * then tells the person to copy by hand). `clipboard` is `navigator.clipboard` (or a test double),
 * `doc` the document for the fallback. `writeText` is called synchronously, inside the click that
 * asked for it, because webviews only allow clipboard writes during a user gesture.
 */
export async function copyText(text, { clipboard, doc } = {}) {
  if (typeof text !== 'string') return false;
  if (clipboard && typeof clipboard.writeText === 'function') {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the selection-based copy
    }
  }
  return copyWithSelection(text, doc);
}

/**
 * Replaces whatever is on the clipboard with an empty string. Resolves true when the Clipboard API
 * reported success, false otherwise (there is no reliable fallback: a selection-based copy of
 * nothing leaves the clipboard as it was). `writeText` is called synchronously, so this must run
 * inside the click that asked for it.
 */
export async function clearClipboard({ clipboard } = {}) {
  if (!clipboard || typeof clipboard.writeText !== 'function') return false;
  try {
    await clipboard.writeText('');
    return true;
  } catch {
    return false;
  }
}

function copyWithSelection(text, doc) {
  if (!doc || typeof doc.execCommand !== 'function' || !doc.body) return false;
  const previous = doc.activeElement;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.className = 'clipboard-helper';
  doc.body.appendChild(area);
  let copied = false;
  try {
    area.select();
    copied = doc.execCommand('copy') === true;
  } catch {
    copied = false;
  } finally {
    area.value = '';
    doc.body.removeChild(area);
    if (previous && typeof previous.focus === 'function') previous.focus();
  }
  return copied;
}
