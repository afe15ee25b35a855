// App identity shown in the chrome (version, provider name, demo flag) and the contract's
// constants the window does not define itself (the names of the view and doctor events, the
// default rate-limit wait), obtained from Rust.

/** Asks Rust who we are. `invoke` is Tauri's IPC function (or a test double). */
export async function loadAppInfo(invoke) {
  const info = await invoke('app_info');
  if (
    !info ||
    typeof info.version !== 'string' ||
    typeof info.provider_name !== 'string' ||
    typeof info.view_event !== 'string' ||
    typeof info.doctor_event !== 'string' ||
    !Number.isInteger(info.default_retry_after_s)
  ) {
    throw new Error('app_info returned an unexpected shape');
  }
  return info;
}
