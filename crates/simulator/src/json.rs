//! A tiny ordered JSON value and a serializer that pretty-prints like RingCentral's servers
//! (Jackson's default pretty printer: two-space indent, `" : "` between key and value,
//! arrays inline as `[ a, b ]`, objects inside arrays as `[ {` … `} ]`, empty `{ }` / `[ ]`).

use std::fmt::Write as _;

/// A JSON value whose object keys keep the order they were written in.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs, in order.
    pub(crate) fn obj<K: Into<String>>(entries: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Obj(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// An array of values.
    pub(crate) fn arr(items: impl IntoIterator<Item = Json>) -> Json {
        Json::Arr(items.into_iter().collect())
    }

    /// Pretty-printed text, RingCentral style, without a trailing newline.
    pub(crate) fn to_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, 0);
        out
    }
}

impl From<&str> for Json {
    fn from(value: &str) -> Self {
        Json::Str(value.to_owned())
    }
}

impl From<String> for Json {
    fn from(value: String) -> Self {
        Json::Str(value)
    }
}

impl From<i64> for Json {
    fn from(value: i64) -> Self {
        Json::Int(value)
    }
}

impl From<u64> for Json {
    fn from(value: u64) -> Self {
        i64::try_from(value).map_or_else(|_| Json::Str(value.to_string()), Json::Int)
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Self {
        Json::Bool(value)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Self {
        value.map_or(Json::Null, Into::into)
    }
}

fn write_value(out: &mut String, value: &Json, level: usize) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Json::Str(s) => write_string(out, s),
        Json::Arr(items) if items.is_empty() => out.push_str("[ ]"),
        Json::Arr(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, level);
            }
            out.push_str(" ]");
        }
        Json::Obj(entries) if entries.is_empty() => out.push_str("{ }"),
        Json::Obj(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('\n');
                indent(out, level + 1);
                write_string(out, key);
                out.push_str(" : ");
                write_value(out, item, level + 1);
            }
            out.push('\n');
            indent(out, level);
            out.push('}');
        }
    }
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn prints_like_ringcentral_error_capture() {
        let body = Json::obj([
            ("error", Json::from("invalid_client")),
            (
                "errors",
                Json::arr([Json::obj([
                    ("errorCode", Json::from("OAU-153")),
                    ("message", Json::from("Invalid client: xx")),
                    (
                        "parameters",
                        Json::arr([Json::obj([
                            ("parameterName", Json::from("client_id")),
                            ("parameterValue", Json::from("xx")),
                        ])]),
                    ),
                ])]),
            ),
            ("error_description", Json::from("Invalid client: xx")),
        ]);
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
        assert_eq!(body.to_pretty(), expected);
    }

    #[test]
    fn prints_scalars_empty_containers_and_escapes() {
        let body = Json::obj([
            ("n", Json::from(7_i64)),
            ("big", Json::from(u64::MAX)),
            ("b", Json::from(false)),
            ("none", Json::from(None::<String>)),
            ("list", Json::arr([Json::from("a"), Json::from("b")])),
            ("empty", Json::arr([])),
            ("obj", Json::obj(Vec::<(String, Json)>::new())),
            ("quote", Json::from("say \"hi\"\n\u{1}")),
        ]);
        let text = body.to_pretty();
        assert!(text.contains("\"n\" : 7,"));
        assert!(text.contains("\"big\" : \"18446744073709551615\""));
        assert!(text.contains("\"none\" : null"));
        assert!(text.contains("\"list\" : [ \"a\", \"b\" ]"));
        assert!(text.contains("\"empty\" : [ ]"));
        assert!(text.contains("\"obj\" : { }"));
        assert!(text.contains(r#""quote" : "say \"hi\"\n\u0001""#));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["quote"], "say \"hi\"\n\u{1}");
    }
}
