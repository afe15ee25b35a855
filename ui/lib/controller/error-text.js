// Turns a rejected command into a sentence for the window: Rust rejects with `{ kind, message }`
// (docs/IPC.md), a test double may reject with a string or an Error.

/** A person-readable sentence from a rejected command (`{ kind, message }`, a string, an Error). */
export function errorText(error) {
  if (typeof error === 'string' && error.trim()) return error;
  if (error && typeof error.message === 'string' && error.message.trim()) return error.message;
  return 'Something went wrong. Try again, or open Help.';
}
