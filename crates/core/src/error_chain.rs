//! An error and its causes on one line (`error sending request: tcp connect error: Connection
//! refused`): the outermost message alone often does not say what went wrong.

use std::error::Error;

/// `outer: inner: innermost`, following [`Error::source`]; a cause whose text is already part of
/// the line (many errors print their cause themselves) is not repeated.
pub fn format_error_chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{message}")]
    struct Layer {
        message: &'static str,
        #[source]
        source: Option<std::io::Error>,
    }

    #[derive(Debug, thiserror::Error)]
    #[error("delivery failed")]
    struct Outer(#[source] Layer);

    #[test]
    fn causes_are_joined_without_repeating_them() {
        let chained = Layer {
            message: "request failed",
            source: Some(std::io::Error::other("connection refused")),
        };
        assert_eq!(
            format_error_chain(&chained),
            "request failed: connection refused"
        );
        let repeated = Layer {
            message: "request failed: connection refused",
            source: Some(std::io::Error::other("connection refused")),
        };
        assert_eq!(
            format_error_chain(&repeated),
            "request failed: connection refused"
        );
        let deep = Outer(Layer {
            message: "request failed",
            source: Some(std::io::Error::other("connection refused")),
        });
        assert_eq!(
            format_error_chain(&deep),
            "delivery failed: request failed: connection refused"
        );
        assert_eq!(format_error_chain(&std::io::Error::other("alone")), "alone");
    }
}
