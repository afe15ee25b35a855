// App identity shown in the chrome: version, provider name and demo flag, obtained from Rust.

/** Asks Rust who we are. `invoke` is Tauri's IPC function (or a test double). */
export async function loadAppInfo(invoke) {
  const info = await invoke('app_info');
  if (!info || typeof info.version !== 'string' || typeof info.provider_name !== 'string') {
    throw new Error('app_info returned an unexpected shape');
  }
  return info;
}
