//! Saving from the page as a file the user downloads (a scenario, a summary, a table, a chart).

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file`; returns false if the browser refused.
pub fn download(file: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let offered = download_url(file, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    offered
}

/// Offers a canvas as it is drawn (every device pixel) as a PNG named `file`.
pub fn download_png(canvas: &web_sys::HtmlCanvasElement, file: &str) -> bool {
    canvas.to_data_url_with_type("image/png").is_ok_and(|url| download_url(file, &url))
}

fn download_url(file: &str, url: &str) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(url);
        a.set_download(file);
        a.click();
        Some(())
    };
    run().is_some()
}

/// A file name from a scenario name: `Autumn skincare live` -> `autumn-skincare-live`.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "scenario".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(super::slug("Autumn skincare live!"), "autumn-skincare-live");
        assert_eq!(super::slug("双11 直播"), "双11-直播");
        assert_eq!(super::slug("  "), "scenario");
    }
}
