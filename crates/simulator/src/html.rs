//! HTML helpers for the simulated console: escaping every echoed value and the page shell
//! (inline CSS, RingCentral developer-console look, a visible "Simulated console" badge).

/// Escapes text for use in HTML element content and double- or single-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A full page: top bar with the signed-in user, then `main` (already escaped HTML).
pub(crate) fn page(title: &str, signed_in: Option<&str>, main: &str) -> String {
    let user = signed_in.map_or_else(
        || "<span class=\"user\" id=\"signed-in-user\">Not signed in</span>".to_owned(),
        |name| {
            format!(
                "<span class=\"user\" id=\"signed-in-user\">{}</span>",
                escape(name)
            )
        },
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title} · RingCentral Developer Console (simulated)</title>\n<style>{STYLE}</style>\n</head>\n\
<body>\n<header class=\"topbar\"><span class=\"logo\">Ring<b>Central</b></span>\
<span class=\"product\">Developers</span>\
<span class=\"badge\" id=\"simulated-badge\">Simulated console · demo data only</span>{user}</header>\n\
<main>\n{main}\n</main>\n</body>\n</html>\n",
        title = escape(title),
    )
}

const STYLE: &str = "
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2a37;background:#f4f6f8}
.topbar{display:flex;align-items:center;gap:14px;padding:12px 24px;background:#fff;border-bottom:1px solid #dde3ea}
.logo{font-size:20px;font-weight:600;color:#0684bd}.logo b{color:#ff8800;font-weight:700}
.product{color:#5a6b7b;border-left:1px solid #dde3ea;padding-left:14px}
.badge{background:#fff4e5;color:#8a4b00;border:1px solid #ffc980;border-radius:12px;padding:2px 10px;font-size:12px}
.user{margin-left:auto;color:#5a6b7b;font-size:13px}
main{max-width:760px;margin:28px auto;padding:28px 32px;background:#fff;border:1px solid #dde3ea;border-radius:6px}
.crumbs{color:#5a6b7b;font-size:13px;margin-bottom:6px}
h1{font-size:24px;font-weight:500;margin:0 0 20px}
label.field{display:block;font-weight:600;margin:20px 0 6px}
.hint{display:block;color:#5a6b7b;font-size:13px;margin:-2px 0 6px}
input[type=text],input[type=date]{width:100%;padding:8px 10px;border:1px solid #b8c3ce;border-radius:4px;font:inherit}
fieldset{border:0;padding:0;margin:20px 0 0}
legend{font-weight:600;margin-bottom:8px}
.choice{display:flex;gap:10px;align-items:flex-start;padding:10px 12px;border:1px solid #dde3ea;border-radius:4px;margin-bottom:8px;cursor:pointer}
.choice small{display:block;color:#5a6b7b}
.apps{margin:8px 0 0 32px}
.row{display:flex;gap:8px}.row input{flex:1}
button{font:inherit;border-radius:4px;padding:8px 16px;cursor:pointer;border:1px solid #0684bd;background:#fff;color:#0684bd}
button.primary{background:#0684bd;color:#fff}
button.link{border:0;padding:0;background:none;color:#c62828}
table{width:100%;border-collapse:collapse;margin-top:10px;font-size:14px}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid #e6ebf0}th{color:#5a6b7b;font-weight:600}
td.empty{color:#5a6b7b;font-style:italic}
.actions{display:flex;justify-content:flex-end;gap:12px;margin-top:28px}
.actions a{align-self:center;color:#0684bd;text-decoration:none}
.error{background:#fdecea;border:1px solid #f5b5ae;color:#8e1b10;padding:10px 12px;border-radius:4px}
.warning{background:#fff4e5;border:1px solid #ffc980;padding:10px 12px;border-radius:4px}
textarea{width:100%;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;padding:10px;border:1px solid #b8c3ce;border-radius:4px;word-break:break-all}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px}dt{color:#5a6b7b}dd{margin:0}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn page_escapes_title_and_user() {
        let html = page("<T>", Some("<b>Eve</b>"), "<p>ok</p>");
        assert!(html.contains("&lt;T&gt;"));
        assert!(html.contains("&lt;b&gt;Eve&lt;/b&gt;"));
        assert!(!html.contains("<b>Eve"));
        assert!(html.contains("<p>ok</p>"));
    }
}
