//! Database settings, prefix `KTRDR_DB_`, and the derived connection URLs.

use crate::secret::Secret;
use crate::settings::Settings;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// Characters percent-encoded in URL user info: everything but RFC 3986
/// unreserved characters.
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// PostgreSQL connection settings.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "database", prefix = "KTRDR_DB_")]
pub struct DatabaseSettings {
    /// Host name.
    #[setting(default = "localhost")]
    pub host: String,
    /// Port.
    #[setting(default = 5432)]
    pub port: i64,
    /// Database name.
    #[setting(default = "ktrdr")]
    pub name: String,
    /// User name.
    #[setting(default = "ktrdr")]
    pub user: String,
    /// Password (secret; the default `localdev` is insecure).
    #[setting(default = "localdev", insecure)]
    pub password: Secret,
    /// Log every SQL statement.
    #[setting(default = false)]
    pub echo: bool,
}

impl DatabaseSettings {
    /// The async URL `postgresql+asyncpg://USER:PASSWORD@HOST:PORT/NAME`, with
    /// user and password percent-encoded. Returned as a [`Secret`] because it
    /// holds the password: it prints as `****`.
    ///
    /// ```
    /// use config_core::secret::Secret;
    /// use config_core::settings::database::DatabaseSettings;
    /// let db = DatabaseSettings {
    ///     host: "db".into(), port: 5432, name: "ktrdr".into(),
    ///     user: "a@b".into(), password: Secret::new("p:w/d"), echo: false,
    /// };
    /// assert_eq!(db.url().expose(), "postgresql+asyncpg://a%40b:p%3Aw%2Fd@db:5432/ktrdr");
    /// assert_eq!(db.url().to_string(), "****");
    /// ```
    pub fn url(&self) -> Secret {
        self.url_with("postgresql+asyncpg")
    }

    /// The sync form, `postgresql+psycopg2://...`, encoded like [`Self::url`].
    pub fn sync_url(&self) -> Secret {
        self.url_with("postgresql+psycopg2")
    }

    /// Host and name go in unencoded and the port in decimal, as the
    /// service builds them (settings.py:438-458).
    fn url_with(&self, scheme: &str) -> Secret {
        Secret::new(format!(
            "{scheme}://{}:{}@{}:{}/{}",
            quote_plus(&self.user),
            quote_plus(self.password.expose()),
            self.host,
            self.port,
            self.name
        ))
    }
}

/// Python's `urllib.parse.quote_plus`: UTF-8, every byte but ASCII letters,
/// digits and `_ . - ~` as `%XX` (upper-case hex), space as `+`.
///
/// ```
/// use config_core::settings::database::quote_plus;
/// assert_eq!(quote_plus("p@ss:w/rd?#[]%+~ \u{e9}"), "p%40ss%3Aw%2Frd%3F%23%5B%5D%25%2B~+%C3%A9");
/// assert_eq!(quote_plus("!*'()$&,;="), "%21%2A%27%28%29%24%26%2C%3B%3D");
/// ```
pub fn quote_plus(text: &str) -> String {
    text.split(' ')
        .map(|part| utf8_percent_encode(part, USERINFO).to_string())
        .collect::<Vec<_>>()
        .join("+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_user_and_password_and_never_print() {
        let db = DatabaseSettings {
            host: "localhost".into(),
            port: 5432,
            name: "ktrdr".into(),
            user: "us er".into(),
            password: Secret::new("canary%@:/#?"),
            echo: false,
        };
        assert_eq!(
            db.sync_url().expose(),
            "postgresql+psycopg2://us+er:canary%25%40%3A%2F%23%3F@localhost:5432/ktrdr"
        );
        assert!(!format!("{db:?} {:?} {}", db.url(), db.url()).contains("canary"));
    }
}
