//! Serialising response bodies the way RingCentral's servers print them (Jackson's default
//! pretty printer): `serde_json` with a formatter that writes two-space indents, `" : "` between
//! key and value, arrays inline as `[ a, b ]`, objects inside arrays as `[ {` … `} ]`, empty
//! `{ }` / `[ ]`, and control characters other than `\n`, `\r`, `\t` as lower-case `\u00XX`.
//! Key order is the field order of the `#[derive(Serialize)]` structs the bodies are built from.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// Pretty-printed text, RingCentral style, without a trailing newline.
pub(crate) fn to_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, JacksonFormatter::default());
    value.serialize(&mut serializer)?;
    // serde_json only ever writes UTF-8.
    String::from_utf8(out).map_err(|error| serde_json::Error::io(io::Error::other(error)))
}

/// A `serde_json` formatter reproducing Jackson's `DefaultPrettyPrinter`.
#[derive(Clone, Debug, Default)]
struct JacksonFormatter {
    /// Open objects (arrays do not indent).
    depth: usize,
    /// Whether the innermost open container has written a value yet.
    has_value: bool,
}

impl JacksonFormatter {
    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for JacksonFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b" ]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        writer.write_all(if first { b" " } else { b", " })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
            writer.write_all(b"}")
        } else {
            writer.write_all(b" }")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b" : ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        let control = |byte: u8| format!("\\u{byte:04x}");
        let text = match char_escape {
            CharEscape::Quote => "\\\"".to_owned(),
            CharEscape::ReverseSolidus => "\\\\".to_owned(),
            CharEscape::Solidus => "\\/".to_owned(),
            CharEscape::LineFeed => "\\n".to_owned(),
            CharEscape::CarriageReturn => "\\r".to_owned(),
            CharEscape::Tab => "\\t".to_owned(),
            CharEscape::Backspace => control(0x08),
            CharEscape::FormFeed => control(0x0c),
            CharEscape::AsciiControl(byte) => control(byte),
        };
        writer.write_all(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::to_pretty;
    use crate::response::OAuthError;

    #[test]
    fn prints_like_ringcentral_error_capture() {
        let body = OAuthError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_client",
            "OAU-153",
            "Invalid client: xx",
        )
        .with_parameter("client_id", "xx")
        .body();
        let expected = r#"{
  "error" : "invalid_client",
  "errors" : [ {
    "errorCode" : "OAU-153",
    "message" : "Invalid client: xx",
    "parameters" : [ {
      "parameterName" : "client_id",
      "parameterValue" : "xx"
    } ]
  } ],
  "error_description" : "Invalid client: xx"
}"#;
        assert_eq!(to_pretty(&body).unwrap(), expected);
    }

    #[derive(Serialize)]
    struct Empty {}

    #[derive(Serialize)]
    struct Scalars<'a> {
        n: i64,
        big: u64,
        b: bool,
        none: Option<&'a str>,
        list: [&'a str; 2],
        empty: [&'a str; 0],
        obj: Empty,
        nested: Vec<Empty>,
        quote: &'a str,
    }

    #[test]
    fn prints_scalars_empty_containers_and_escapes() {
        let body = Scalars {
            n: 7,
            big: u64::MAX,
            b: false,
            none: None,
            list: ["a", "b"],
            empty: [],
            obj: Empty {},
            nested: vec![Empty {}],
            quote: "say \"hi\"\n\u{1}\u{8}\u{c}\t",
        };
        let text = to_pretty(&body).unwrap();
        assert!(text.starts_with("{\n  \"n\" : 7,\n"), "{text}");
        assert!(text.contains("\"big\" : 18446744073709551615,"));
        assert!(text.contains("\"b\" : false,"));
        assert!(text.contains("\"none\" : null"));
        assert!(text.contains("\"list\" : [ \"a\", \"b\" ]"));
        assert!(text.contains("\"empty\" : [ ]"));
        assert!(text.contains("\"obj\" : { }"));
        assert!(text.contains("\"nested\" : [ { } ]"));
        assert!(text.contains(r#""quote" : "say \"hi\"\n\u0001\u0008\u000c\t""#));
        assert!(text.ends_with("\"\n}"), "{text}");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["quote"], "say \"hi\"\n\u{1}\u{8}\u{c}\t");
    }
}
