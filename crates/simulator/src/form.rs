//! Reading `application/x-www-form-urlencoded` bodies and query strings (first value wins,
//! repeated keys available for the console's app list).

/// Decoded form fields, in the order sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Form(Vec<(String, String)>);

impl Form {
    pub(crate) fn parse(bytes: &[u8]) -> Form {
        Form(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `key`, trimmed, if not blank.
    pub(crate) fn non_blank(&self, key: &str) -> Option<&str> {
        self.get(key).map(str::trim).filter(|v| !v.is_empty())
    }

    /// Every value of `key`, in order.
    pub(crate) fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Form;

    #[test]
    fn decodes_first_and_repeated_values() {
        let form = Form::parse(b"grant_type=urn%3Aietf%3Aparams&a=1&a=2&blank=+&x=a+b");
        assert_eq!(form.get("grant_type"), Some("urn:ietf:params"));
        assert_eq!(form.get("a"), Some("1"));
        assert_eq!(form.all("a").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(form.non_blank("blank"), None);
        assert_eq!(form.get("x"), Some("a b"));
        assert_eq!(form.get("missing"), None);
    }
}
