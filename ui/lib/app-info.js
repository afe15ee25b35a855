// App identity shown in the chrome: version and provider name, both obtained from Rust.

/** Asks Rust who we are. `invoke` is Tauri's IPC function (or a test double). */
export async function loadAppInfo(invoke) {
  const info = await invoke('app_info');
  if (!info || typeof info.version !== 'string' || typeof info.provider_name !== 'string') {
    throw new Error('app_info returned an unexpected shape');
  }
  return info;
}

/** Writes the facts into the page as text (never HTML). */
export function renderAppInfo(doc, info) {
  doc.getElementById('app-version').textContent = info.version;
  doc.getElementById('provider-name').textContent = info.provider_name;
  doc.getElementById('demo-ribbon').hidden = !info.demo;
  doc.title = `Connect RingCentral to ${info.provider_name} — rc-onboard`;
}
