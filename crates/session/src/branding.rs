//! The provider's logo from the profile, as a `data:` URL the window can show in an `<img>`
//! (the window may load no files and no remote content). Images in `<img>` run no script, SVG
//! included.

use std::path::Path;

use base64::Engine;

/// Larger logos are not shown (a logo is a few kilobytes).
const MAX_LOGO_BYTES: u64 = 256 * 1024;

/// Reads the logo; `None` (with a log line) when it is missing, too large or not an image type
/// the profile allows.
pub fn logo_data_url(path: &Path) -> Option<String> {
    let mime = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        _ => return None,
    };
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "the provider logo cannot be read");
            return None;
        }
    };
    if size > MAX_LOGO_BYTES {
        tracing::warn!(path = %path.display(), size, "the provider logo is too large to show");
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_small_images_and_refuses_large_or_unknown_ones() {
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("logo.svg");
        std::fs::write(&svg, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
        let url = logo_data_url(&svg).unwrap();
        assert!(url.starts_with("data:image/svg+xml;base64,"));

        let big = dir.path().join("big.png");
        std::fs::write(&big, vec![0u8; (MAX_LOGO_BYTES + 1) as usize]).unwrap();
        assert_eq!(logo_data_url(&big), None);

        let gif = dir.path().join("logo.gif");
        std::fs::write(&gif, b"GIF89a").unwrap();
        assert_eq!(logo_data_url(&gif), None);
        assert_eq!(logo_data_url(&dir.path().join("missing.png")), None);
    }
}
