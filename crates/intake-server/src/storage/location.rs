//! Where the database is: a SQLite file path or a `postgres://` URL, as given to `--db`.

use std::fmt;
use std::path::PathBuf;

/// The database a server or command uses.
#[derive(Clone)]
pub enum DatabaseLocation {
    /// A SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://` or `postgresql://`), which may hold a password.
    Postgres(String),
}

impl DatabaseLocation {
    /// A `postgres://` or `postgresql://` URL names PostgreSQL; anything else is a SQLite file.
    pub fn parse(text: &str) -> Self {
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Self::Postgres(text.to_owned())
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }
}

impl From<PathBuf> for DatabaseLocation {
    fn from(path: PathBuf) -> Self {
        Self::Sqlite(path)
    }
}

/// Shows the location without a password.
impl fmt::Display for DatabaseLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => f.write_str(&redact_password(url)),
        }
    }
}

impl fmt::Debug for DatabaseLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseLocation({self})")
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; `password=` query
/// parameters are masked too.
fn redact_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?'])
        .map_or(url.len(), |i| scheme_end + i);
    let authority = &url[scheme_end..authority_end];
    let mut out = url[..scheme_end].to_owned();
    match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..colon]);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let rest = &url[authority_end..];
    let mut first = true;
    for (i, part) in rest.split('&').enumerate() {
        if !first {
            out.push('&');
        }
        first = false;
        let key_start = if i == 0 {
            part.find('?').map_or(0, |q| q + 1)
        } else {
            0
        };
        if part[key_start..]
            .to_ascii_lowercase()
            .starts_with("password=")
        {
            out.push_str(&part[..key_start]);
            out.push_str("password=***");
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::DatabaseLocation;

    #[test]
    fn urls_name_postgres_and_paths_sqlite() {
        assert!(matches!(
            DatabaseLocation::parse("postgres://u@h/db"),
            DatabaseLocation::Postgres(_)
        ));
        assert!(matches!(
            DatabaseLocation::parse("PostgreSQL://u@h/db"),
            DatabaseLocation::Postgres(_)
        ));
        assert!(matches!(
            DatabaseLocation::parse("/var/lib/intake.db"),
            DatabaseLocation::Sqlite(_)
        ));
    }

    #[test]
    fn passwords_never_show() {
        let shown = DatabaseLocation::parse(
            "postgres://intake:s3cret@db.example/intake?password=x2&sslmode=require",
        )
        .to_string();
        assert_eq!(
            shown,
            "postgres://intake:***@db.example/intake?password=***&sslmode=require"
        );
        assert!(
            !format!("{:?}", DatabaseLocation::parse("postgres://a:s3cret@h/d")).contains("s3cret")
        );
    }
}
