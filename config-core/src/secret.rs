//! Secret values (database password, JWT secret): never printed.
//!
//! `Debug`, `Display` and `Serialize` all print `****`; the only way to the
//! value is the explicit [`Secret::expose`].
//!
//! ```
//! use config_core::secret::Secret;
//! let s = Secret::new("hunter2");
//! assert_eq!(format!("{s} {s:?}"), "**** ****");
//! assert_eq!(serde_json::to_string(&s).unwrap(), "\"****\"");
//! assert_eq!(s.expose(), "hunter2");
//! ```

use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// What a secret prints as, everywhere.
pub const MASK: &str = "****";

/// A string that must never be shown.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The real value; call only where it is used (a connection), never to print.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(MASK)
    }
}

/// Words that mark a field or variable name as holding a secret, matched
/// case-insensitively anywhere in the name. `authorization`, `cookie` and
/// `bearer` cover HTTP headers (`Authorization: Bearer ...`, `Cookie`,
/// `Set-Cookie`, `X-Bearer`) that carry credentials under other names.
const SECRET_WORDS: [&str; 10] = [
    "password",
    "passwd",
    "secret",
    "token",
    "credential",
    "apikey",
    "api_key",
    "authorization",
    "cookie",
    "bearer",
];

/// Whether a field or variable name holds a secret (`password`,
/// `KTRDR_AUTH_JWT_SECRET`, `apiKey`, `Authorization`, ...). The one rule
/// every renderer and checker uses to decide what never to print.
///
/// ```
/// use config_core::secret::is_secret_name;
/// assert!(is_secret_name("password") && is_secret_name("KTRDR_DB_PASSWORD"));
/// assert!(is_secret_name("apiKey") && !is_secret_name("routingKey"));
/// assert!(is_secret_name("Authorization") && is_secret_name("set-cookie"));
/// ```
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|word| lower.contains(word))
}

/// Replaces, in a JSON value, every value held under a secret-named key
/// ([`is_secret_name`]) with [`MASK`], at any depth, and masks URL
/// credentials ([`mask_url_credentials`]) in every other string.
///
/// ```
/// use config_core::secret::mask_secret_fields;
/// let mut v = serde_json::json!({"connection": {"user": "u", "password": "pw"},
///                                "url": "amqp://u:pw@rabbit:5672"});
/// mask_secret_fields(&mut v);
/// assert_eq!(v, serde_json::json!({"connection": {"user": "u", "password": "****"},
///                                  "url": "amqp://u:****@rabbit:5672"}));
/// ```
pub fn mask_secret_fields(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => mask_secret_entries(map),
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_secret_fields),
        serde_json::Value::String(text) => {
            if let Cow::Owned(masked) = mask_url_credentials(text) {
                *text = masked;
            }
        }
        _ => {}
    }
}

/// [`mask_secret_fields`] for the entries of one map (a bee's container
/// environment, a JSON object).
pub fn mask_secret_entries(map: &mut serde_json::Map<String, serde_json::Value>) {
    for (key, child) in map.iter_mut() {
        if is_secret_name(key) && !child.is_null() {
            *child = serde_json::Value::from(MASK);
        } else {
            mask_secret_fields(child);
        }
    }
}

/// Masks the credentials of every URL in `text` (after each `://`): the
/// password of the user-info (`amqp://user:****@host`,
/// `jdbc:postgresql://user:****@host`, `redis://:****@host`) and the value
/// of secret-named parameters (`?password=****`, `;password=****`).
///
/// A URL runs to the next white space or quote. User-info ends at the URL's
/// last `@`, so a password holding a raw `@` or `/` is still masked whole;
/// the price is that an `@` later in a path can mask more than the password,
/// never less. A user-info without `:` is a user name and stays. Borrowed
/// when there is nothing to mask.
///
/// ```
/// use config_core::secret::mask_url_credentials;
/// assert_eq!(mask_url_credentials("amqp://app:s3cr@t@rabbit:5672/vh"), "amqp://app:****@rabbit:5672/vh");
/// assert_eq!(mask_url_credentials("url: redis://:pw@r:6379 # c"), "url: redis://:****@r:6379 # c");
/// assert_eq!(mask_url_credentials("jdbc:mysql://db/x?user=u&password=pw"), "jdbc:mysql://db/x?user=u&password=****");
/// assert_eq!(mask_url_credentials("http://app@host/a:b"), "http://app@host/a:b");
/// ```
pub fn mask_url_credentials(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>'))
            .unwrap_or(tail.len());
        let (url, after) = tail.split_at(end);
        changed |= mask_one_url(url, &mut out);
        rest = after;
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes `url` (the part after `://`) to `out` with its credentials
/// masked; says whether anything was masked.
fn mask_one_url(url: &str, out: &mut String) -> bool {
    let mut changed = false;
    let rest = match url.rsplit_once('@') {
        Some((userinfo, rest)) => {
            match userinfo.split_once(':') {
                Some((user, password)) if !password.is_empty() => {
                    out.push_str(user);
                    out.push(':');
                    out.push_str(MASK);
                    changed = true;
                }
                _ => out.push_str(userinfo),
            }
            out.push('@');
            rest
        }
        None => url,
    };
    // Parameters follow `?` (query) or `;` (JDBC properties), joined by `&`
    // or `;`; the first piece is the host and path.
    for (i, piece) in rest.split_inclusive(['?', '&', ';']).enumerate() {
        let (param, separator) = match piece.char_indices().last() {
            Some((at, '?' | '&' | ';')) => piece.split_at(at),
            _ => (piece, ""),
        };
        match param.split_once('=') {
            Some((name, value)) if i > 0 && !value.is_empty() && is_secret_name(name) => {
                out.push_str(name);
                out.push('=');
                out.push_str(MASK);
                changed = true;
            }
            _ => out.push_str(param),
        }
        out.push_str(separator);
    }
    changed
}

/// Masks, in YAML or `.env` text, the value after every secret-named key
/// (`password: x`, `"apiKey": 'x'`, `{password: x, ...}`, `DB_PASSWORD=x`,
/// and the lines of a `password: |` block scalar) and the credentials of
/// every URL ([`mask_url_credentials`]), keeping every line break so line
/// numbers stay true. Used on source text before any renderer quotes a line
/// of it. Works on text that does not parse.
///
/// ```
/// use config_core::secret::redact_text;
/// let text = "user: u\npassword: hunter2 # c\nc: {password: 'x,y', port: 1}\nurl: amqp://u:pw@h\n";
/// assert_eq!(
///     redact_text(text),
///     "user: u\npassword: **** # c\nc: {password: ****, port: 1}\nurl: amqp://u:****@h\n"
/// );
/// ```
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Indentation of a secret key whose block scalar is being masked.
    let mut block_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = line.get(body.len()..).unwrap_or("");
        let indent = body.len() - body.trim_start().len();
        if let Some(key_indent) = block_indent {
            if body.trim().is_empty() || indent > key_indent {
                if !body.trim().is_empty() {
                    out.push_str(body.get(..indent).unwrap_or(""));
                    out.push_str(MASK);
                }
                out.push_str(ending);
                continue;
            }
            block_indent = None;
        }
        let (masked, opens_block) = redact_line(body);
        if opens_block {
            block_indent = Some(indent);
        }
        out.push_str(&mask_url_credentials(&masked));
        out.push_str(ending);
    }
    out
}

/// Masks the secret values of one line; says whether a secret key opens a
/// block scalar (`password: |`) whose following lines must be masked too.
fn redact_line(line: &str) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut depth = 0usize; // open `{` / `[` before the current position
    let mut opens_block = false;
    while let Some((i, c)) = rest
        .char_indices()
        .find(|(_, c)| is_name_char(*c) || "{}[]#".contains(*c))
    {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            // A comment (at line start or after white space) ends the scan.
            '#' if out.is_empty() || out.ends_with([' ', '\t']) => {
                out.push_str(from);
                return (out, opens_block);
            }
            _ => {}
        }
        if !is_name_char(c) {
            out.push(c);
            rest = from.get(c.len_utf8()..).unwrap_or("");
            continue;
        }
        let name_len = from.find(|c: char| !is_name_char(c)).unwrap_or(from.len());
        let (name, after) = from.split_at(name_len);
        out.push_str(name);
        rest = after;
        if !is_secret_name(name) {
            continue;
        }
        let after_quote = after.strip_prefix(['"', '\'']).unwrap_or(after);
        let trimmed = after_quote.trim_start_matches([' ', '\t']);
        let Some(sep) = trimmed.chars().next().filter(|c| *c == ':' || *c == '=') else {
            continue;
        };
        let value = trimmed.get(1..).unwrap_or("");
        if sep == ':' && !(value.is_empty() || value.starts_with([' ', '\t'])) {
            continue; // `password:x` is one plain scalar, not a key
        }
        let spaces = value.len() - value.trim_start_matches([' ', '\t']).len();
        out.push_str(after.get(..after.len() - value.len()).unwrap_or(""));
        out.push_str(value.get(..spaces).unwrap_or(""));
        let value = value.get(spaces..).unwrap_or("");
        if value.is_empty() {
            rest = value;
            continue;
        }
        if value.starts_with(['|', '>']) {
            opens_block = true;
            out.push_str(MASK);
            return (out, opens_block);
        }
        let end = value_end(value, depth > 0);
        out.push_str(MASK);
        rest = value.get(end..).unwrap_or("");
    }
    out.push_str(rest);
    (out, opens_block)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// Byte length of a scalar value at the start of `value`: a quoted string to
/// its closing quote (or the line end), a plain one to ` #` or the line end,
/// and inside a flow collection also to `,`, `}` or `]`.
fn value_end(value: &str, in_flow: bool) -> usize {
    if let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let mut escaped = false;
        for (i, c) in value.char_indices().skip(1) {
            if c == quote && !escaped {
                return i + 1;
            }
            escaped = quote == '"' && c == '\\' && !escaped;
        }
        return value.len();
    }
    let bytes = value.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let comment = *b == b'#' && i > 0 && matches!(bytes.get(i - 1), Some(b' ' | b'\t'));
        if comment || (in_flow && matches!(b, b',' | b'}' | b']')) {
            return value.get(..i).map_or(i, |v| v.trim_end().len());
        }
    }
    value.trim_end().len()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_printing_path_is_masked() {
        let s = Secret::new("canary-7f3a");
        let wrapped = Some(s.clone());
        for text in [
            format!("{s}"),
            format!("{s:?}"),
            format!("{s:#?}"),
            format!("{wrapped:?}"),
            serde_json::to_string(&s).unwrap(),
        ] {
            assert!(!text.contains("canary"), "{text}");
            assert!(text.contains(MASK), "{text}");
        }
    }

    #[test]
    fn redaction_keeps_lines_and_hides_every_form() {
        let text = "a: 1\npassword: \"canary \\\" x\" # c\n\
                    - DB_PASSWORD=canary\n\
                    conn: {user: u, password: canary, port: 1}\n\
                    \"jwtSecret\": 'canary'\n\
                    token: |\n  canary\n\n  canary\nnext: ok\n\
                    passwordless: true\nempty_password:\nroutingKey: rk\n";
        let out = redact_text(text);
        assert!(!out.contains("canary"), "{out}");
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(out.contains("password: **** # c"), "{out}");
        assert!(out.contains("{user: u, password: ****, port: 1}"), "{out}");
        assert!(
            out.contains("next: ok") && out.contains("routingKey: rk"),
            "{out}"
        );
        assert!(out.contains("passwordless: ****"), "{out}");
    }

    #[test]
    fn header_names_are_secret() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "Set-Cookie",
            "X-Bearer",
            "BEARER_TOKEN",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        assert!(!is_secret_name("content-type") && !is_secret_name("x-account-kind"));
    }

    #[test]
    fn url_credentials_are_masked_in_every_form() {
        let cases = [
            (
                "amqp://user:canary@rabbit:5672/vh",
                "amqp://user:****@rabbit:5672/vh",
            ),
            (
                "jdbc:postgresql://app:canary@db:5432/x",
                "jdbc:postgresql://app:****@db:5432/x",
            ),
            ("redis://:canary@r:6379/0", "redis://:****@r:6379/0"),
            (
                "mongodb+srv://u:can@ry/x@c.example/db",
                "mongodb+srv://u:****@c.example/db",
            ),
            (
                "jdbc:mysql://db/x?user=u&password=canary&ssl=1",
                "jdbc:mysql://db/x?user=u&password=****&ssl=1",
            ),
            (
                "jdbc:sqlserver://db:1433;user=u;password=canary",
                "jdbc:sqlserver://db:1433;user=u;password=****",
            ),
            (
                "https://h/cb?access_token=canary#f",
                "https://h/cb?access_token=****",
            ),
            (
                "two a://x:canary@h, b://y:canary@h",
                "two a://x:****@h, b://y:****@h",
            ),
            ("\"http://u:canary@h\" next", "\"http://u:****@h\" next"),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_url_credentials(text), masked, "{text}");
        }
        for clean in [
            "http://accounts.internal:8080/api",
            "postgres://app@db/x",
            "http://h/a?user=u&page=2",
            "user@example.com",
            "no url: a:b@c",
            "http://u:@h",
        ] {
            assert!(
                matches!(mask_url_credentials(clean), Cow::Borrowed(_)),
                "{clean}"
            );
        }
    }

    #[test]
    fn redaction_masks_urls_and_headers_in_lines() {
        let text = "headers: {Authorization: \"Bearer canary\", X-Trace: t}\n\
                    url: amqp://u:canary@h # c\n\
                    - AMQP_URL=amqp://u:canary@h\n";
        let out = redact_text(text);
        assert!(!out.contains("canary"), "{out}");
        assert!(
            out.contains("X-Trace: t}") && out.contains("amqp://u:****@h # c"),
            "{out}"
        );
    }

    #[test]
    fn masking_json_reaches_every_depth() {
        let mut v = serde_json::json!({"a": [{"redisPassword": "x"}], "b": {"token": null}});
        mask_secret_fields(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"a": [{"redisPassword": "****"}], "b": {"token": null}})
        );
    }

    #[test]
    fn deserialises_from_a_plain_string() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(s.expose(), "abc");
    }
}
