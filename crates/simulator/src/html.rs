//! The simulated console's pages as askama templates (`templates/`: the page shell with the
//! RingCentral developer-console look and a visible "Simulated console" badge, the "Create JWT"
//! form, the created-credential page) and the escaper every echoed value passes through.

use std::fmt;

use askama::Template;

/// HTML escaping for element content and double- or single-quoted attributes, with the entity
/// names the console pages use (`&quot;`, `&#39;`); askama applies it to every `{{ value }}`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ConsoleHtml;

impl askama::filters::Escaper for ConsoleHtml {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        let mut written = 0;
        for (index, c) in text.char_indices() {
            let entity = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&text[written..index])?;
            dest.write_str(entity)?;
            written = index + c.len_utf8();
        }
        dest.write_str(&text[written..])
    }
}

/// One app in the form's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AppRow<'a> {
    pub client_id: &'a str,
    pub name: &'a str,
    pub provider: &'a str,
}

/// The "Create JWT" form.
#[derive(Template)]
#[template(path = "create_form.html")]
pub(crate) struct CreateFormPage<'a> {
    pub title: &'a str,
    pub signed_in: Option<String>,
    pub error: Option<&'a str>,
    pub submit_path: &'a str,
    pub create_path: &'a str,
    pub max_label_chars: usize,
    pub label: &'a str,
    pub all_checked: bool,
    pub specific_checked: bool,
    pub pending_client_id: &'a str,
    pub rows: Vec<AppRow<'a>>,
    pub today: String,
    pub expires: &'a str,
}

/// The page showing a created credential once.
#[derive(Template)]
#[template(path = "created.html")]
pub(crate) struct CreatedPage<'a> {
    pub title: &'a str,
    pub signed_in: Option<String>,
    pub create_path: &'a str,
    pub jwt: &'a str,
    pub label: &'a str,
    pub apps: &'a str,
    pub expires: &'a str,
    pub again: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(text: &str) -> String {
        let mut out = String::new();
        askama::filters::Escaper::write_escaped_str(&ConsoleHtml, &mut out, text).unwrap();
        out
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("plain · ü"), "plain · ü");
    }

    #[test]
    fn page_escapes_title_and_user() {
        let html = CreatedPage {
            title: "<T>",
            signed_in: Some("<b>Eve</b>".to_owned()),
            create_path: "/c",
            jwt: "<p>ok</p>",
            label: "",
            apps: "",
            expires: "",
            again: "",
        }
        .render()
        .unwrap();
        assert!(html.contains("&lt;T&gt;"));
        assert!(html.contains("&lt;b&gt;Eve&lt;/b&gt;"));
        assert!(!html.contains("<b>Eve"));
        assert!(html.contains("&lt;p&gt;ok&lt;/p&gt;"));
        assert!(html.ends_with("</html>\n"));
    }
}
