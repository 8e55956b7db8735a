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
/// anywhere in the name after it is lower-cased and its separators (`_`,
/// `-`, `.`, space) are removed, so `api_key`, `X-Api-Key`, `API-KEY` and
/// `apiKey` all hold `apikey`. `authorization`, `cookie` and `bearer` cover
/// HTTP headers (`Authorization: Bearer ...`, `Cookie`, `Set-Cookie`,
/// `X-Bearer`) that carry credentials under other names.
const SECRET_WORDS: [&str; 11] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "apikey",
    "privatekey",
    "authorization",
    "cookie",
    "bearer",
];

/// Short words that mark a name as secret only as its last whole segment
/// (`DB_PASS`, `MYSQL_PWD`, `dbPass`), so `passthrough`, `passThrough...` and
/// `bypass` stay plain. `pwd` alone is the shell's working directory, not a password.
const SECRET_SEGMENTS: [&str; 2] = ["pass", "pwd"];

/// Whether a field or variable name holds a secret (`password`,
/// `KTRDR_AUTH_JWT_SECRET`, `apiKey`, `X-Api-Key`, `DB_PASS`, `MYSQL_PWD`,
/// `PRIVATE_KEY`, `Authorization`, ...). Case- and separator-insensitive.
/// The one rule every renderer and checker uses to decide what never to
/// print.
///
/// ```
/// use config_core::secret::is_secret_name;
/// assert!(is_secret_name("password") && is_secret_name("KTRDR_DB_PASSWORD"));
/// assert!(is_secret_name("apiKey") && !is_secret_name("routingKey"));
/// assert!(is_secret_name("Authorization") && is_secret_name("set-cookie"));
/// assert!(is_secret_name("X-Api-Key") && is_secret_name("MYSQL_PWD") && is_secret_name("DB_PASS"));
/// assert!(is_secret_name("PRIVATE_KEY") && !is_secret_name("PWD") && !is_secret_name("bypass"));
/// ```
pub fn is_secret_name(name: &str) -> bool {
    is_secret_squashed(&Squashed::of(name))
}

/// Whether `text` holds one of [`SECRET_WORDS`]: one automaton pass per
/// name instead of one substring search per word (this runs on every key
/// of every file).
fn holds_secret_word(text: &str) -> bool {
    static WORDS: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(SECRET_WORDS)
            .ok()
    });
    match words {
        Some(words) => words.is_match(text),
        // Building eleven short words cannot fail; if it ever did, the
        // plain search still decides, so no name goes unchecked.
        None => SECRET_WORDS.iter().any(|word| text.contains(word)),
    }
}

fn is_secret_squashed(name: &Squashed) -> bool {
    if holds_secret_word(&name.text) {
        return true;
    }
    // Only as the last segment: `dbPass`, `DB_PASS`, `MYSQL_PWD` hold one,
    // `passThroughOnMissingTemplate` (a platform flag) does not.
    name.last_segment().is_some_and(|last| {
        SECRET_SEGMENTS.contains(&last) && (last != "pwd" || name.segment_count() > 1)
    })
}

/// [`is_secret_name`], or a name one typo away from a secret word
/// (`pasword`, `DB_PASSWROD`, `jwtSecert`, `tokn`): a misspelled secret key
/// still holds a secret, and a did-you-mean beside it must not show it.
/// Used wherever values are masked by their key.
///
/// ```
/// use config_core::secret::may_be_secret_name;
/// assert!(may_be_secret_name("pasword") && may_be_secret_name("DB_PASSWROD"));
/// assert!(may_be_secret_name("jwtSecert") && !may_be_secret_name("section"));
/// assert!(!may_be_secret_name("port") && !may_be_secret_name("routingKey"));
/// ```
pub fn may_be_secret_name(name: &str) -> bool {
    let name = Squashed::of(name);
    if is_secret_squashed(&name) {
        return true;
    }
    let one_typo_away = name
        .segments()
        .chain(std::iter::once(name.text.as_str()))
        .filter(|s| s.len() >= 4)
        .any(|s| {
            SECRET_WORDS
                .iter()
                .any(|word| within_one_edit(s.as_bytes(), word.as_bytes()))
        });
    one_typo_away
}

/// Whether `a` becomes `b` by at most one insertion, deletion, substitution
/// or swap of two neighbours (optimal string alignment distance <= 1), in
/// one pass without allocating: it runs on every key of every file.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return true; // equal, or one extra byte at the end
    }
    let (short_rest, long_rest) = (
        short.get(prefix..).unwrap_or_default(),
        long.get(prefix..).unwrap_or_default(),
    );
    if short.len() == long.len() {
        let substituted = same_bytes(short_rest.get(1..), long_rest.get(1..));
        let swapped = short_rest.len() >= 2
            && short_rest.first() == long_rest.get(1)
            && short_rest.get(1) == long_rest.first()
            && same_bytes(short_rest.get(2..), long_rest.get(2..));
        substituted || swapped
    } else {
        same_bytes(Some(short_rest), long_rest.get(1..))
    }
}

/// Slice equality by a byte loop: the slices are a few bytes long, where a
/// `memcmp` call costs more than the comparison.
fn same_bytes(a: Option<&[u8]>, b: Option<&[u8]>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y),
        (None, None) => true,
        _ => false,
    }
}

/// A name lower-cased without its separators (`_`, `-`, `.`, space), and
/// where its segments end: split at separators and at a lower-case letter or
/// digit followed by an upper-case one (`dbPass` -> `db`, `pass`). The
/// segments are consecutive pieces of the squashed text, so one allocation
/// serves both: this runs on every key of every checked file.
struct Squashed {
    text: String,
    /// Byte offsets in `text` where a segment ends (the last one is
    /// `text.len()` unless the name is empty).
    ends: Vec<usize>,
}

impl Squashed {
    fn of(name: &str) -> Self {
        let mut text = String::with_capacity(name.len());
        let mut ends = Vec::new();
        let mut previous_lower = false;
        for c in name.chars() {
            if matches!(c, '_' | '-' | '.' | ' ') {
                Self::cut(&text, &mut ends);
                previous_lower = false;
                continue;
            }
            if c.is_ascii_uppercase() && previous_lower {
                Self::cut(&text, &mut ends);
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            text.push(c.to_ascii_lowercase());
        }
        Self::cut(&text, &mut ends);
        Self { text, ends }
    }

    /// Ends the current segment, unless it is empty.
    fn cut(text: &str, ends: &mut Vec<usize>) {
        if ends.last().copied().unwrap_or(0) < text.len() {
            ends.push(text.len());
        }
    }

    fn segments(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .filter_map(|(start, end)| self.text.get(start..end))
    }

    fn last_segment(&self) -> Option<&str> {
        self.segments().last()
    }

    fn segment_count(&self) -> usize {
        self.ends.len()
    }
}

/// The env-file rule: [`is_secret_name`], plus names ending in `_KEY`
/// (`API_KEY`, `AWS_SECRET_ACCESS_KEY`): in an env file a key is a
/// credential; in a scenario it may be a routing key.
pub fn is_secret_env_name(name: &str) -> bool {
    is_secret_name(name) || name.to_ascii_uppercase().ends_with("_KEY")
}

/// Replaces, in a JSON value, every value held under a secret-named key
/// ([`may_be_secret_name`]) with [`MASK`], at any depth, and masks
/// credentials by shape ([`mask_shapes`]) in every other string.
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
        if may_be_secret_name(key) && !child.is_null() {
            *child = serde_json::Value::from(MASK);
        } else {
            mask_secret_fields(child);
        }
    }
}

/// Masks credentials recognised by their shape, whatever name holds them:
/// URL credentials ([`mask_url_credentials`] says which), HTTP
/// authorization values (`Bearer <token>`, `Basic <base64>`) and the body of
/// PEM blocks (`-----BEGIN RSA PRIVATE KEY-----` ... `-----END ...`, to the
/// end of the text when it does not end). Borrowed when there is nothing to
/// mask.
///
/// ```
/// use config_core::secret::mask_shapes;
/// assert_eq!(mask_shapes("X-Auth: Bearer abc.def"), "X-Auth: Bearer ****");
/// assert_eq!(mask_shapes("https://ghp_tok@github.com/x"), "https://****@github.com/x");
/// assert_eq!(mask_shapes("k: -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"),
///            "k: -----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----");
/// assert_eq!(mask_shapes("basic settings"), "basic settings");
/// ```
pub fn mask_shapes(text: &str) -> Cow<'_, str> {
    let urls = mask_urls(text);
    let auth = match mask_auth_values(&urls) {
        Some(masked) => Cow::Owned(masked),
        None => urls,
    };
    match mask_pem(&auth) {
        Some(masked) => Cow::Owned(masked),
        None => auth,
    }
}

/// Masks the credentials of every URL in `text` (after each `://`): the
/// password of the user-info (`amqp://user:****@host`,
/// `jdbc:postgresql://user:****@host`, `redis://:****@host`), a user-info
/// without password, which is as often a token as a user name
/// (`https://****@github.com`), and the value of secret-named parameters
/// (`?password=****`, `;password=****`); and every other shape
/// [`mask_shapes`] knows. The name is the historical one: every caller
/// wants all shapes.
///
/// A URL runs to the next white space or quote. User-info ends at the URL's
/// last `@`, so a password holding a raw `@` or `/` is still masked whole;
/// the price is that an `@` later in a path can mask more than the password,
/// never less (an `@` in a path with no `:` before it is left alone).
/// Borrowed when there is nothing to mask.
///
/// ```
/// use config_core::secret::mask_url_credentials;
/// assert_eq!(mask_url_credentials("amqp://app:s3cr@t@rabbit:5672/vh"), "amqp://app:****@rabbit:5672/vh");
/// assert_eq!(mask_url_credentials("url: redis://:pw@r:6379 # c"), "url: redis://:****@r:6379 # c");
/// assert_eq!(mask_url_credentials("jdbc:mysql://db/x?user=u&password=pw"), "jdbc:mysql://db/x?user=u&password=****");
/// assert_eq!(mask_url_credentials("http://app@host/a:b"), "http://****@host/a:b");
/// assert_eq!(mask_url_credentials("http://host/users/@me"), "http://host/users/@me");
/// ```
pub fn mask_url_credentials(text: &str) -> Cow<'_, str> {
    mask_shapes(text)
}

fn mask_urls(text: &str) -> Cow<'_, str> {
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
                // A user-info with no password: a user name or a token
                // (`https://TOKEN@host`); which one cannot be told.
                None if !userinfo.is_empty() && !userinfo.contains(['/', '?', '#']) => {
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

/// Characters of an HTTP credential token (RFC 7235 token68).
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
}

/// Masks the credential after `Bearer ` (any) and `Basic ` (a base64
/// string of at least 8 characters that is not a plain lower-case word),
/// case-insensitively; `None` when there is none.
fn mask_auth_values(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // Most texts hold neither word: say so without a lower-cased copy.
    let holds = |word: &[u8]| {
        bytes
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !holds(b"bearer") && !holds(b"basic") {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let mut out = String::new();
    let mut copied = 0;
    let mut search = 0;
    while search < lower.len() {
        let next = ["bearer", "basic"]
            .iter()
            .filter_map(|s| lower.get(search..)?.find(s).map(|i| (search + i, s.len())))
            .min();
        let Some((at, len)) = next else { break };
        search = at + len;
        let word_start = at == 0 || !bytes.get(at - 1).is_some_and(u8::is_ascii_alphanumeric);
        let spaces = bytes.get(at + len..).map_or(0, |r| {
            r.iter().take_while(|b| matches!(b, b' ' | b'\t')).count()
        });
        if !word_start || spaces == 0 {
            continue;
        }
        let token_start = at + len + spaces;
        let token_len = bytes
            .get(token_start..)
            .map_or(0, |r| r.iter().take_while(|b| is_token_char(**b)).count());
        let token = text.get(token_start..token_start + token_len).unwrap_or("");
        let is_credential = if len == "bearer".len() {
            !token.is_empty()
        } else {
            token.len() >= 8 && !token.bytes().all(|b| b.is_ascii_lowercase())
        };
        if !is_credential {
            continue;
        }
        out.push_str(text.get(copied..token_start).unwrap_or(""));
        out.push_str(MASK);
        copied = token_start + token_len;
        search = copied;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Some(out)
}

const PEM_BEGIN: &str = "-----BEGIN ";
const PEM_END: &str = "-----END";

/// Masks the body of every PEM block: from the end of its `-----BEGIN
/// ...-----` line to its `-----END` (or the end of the text).
fn mask_pem(text: &str) -> Option<String> {
    if !text.contains(PEM_BEGIN) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(begin) = rest.find(PEM_BEGIN) {
        let after_begin = begin + PEM_BEGIN.len();
        let Some(label_end) = rest
            .get(after_begin..)
            .and_then(|r| r.find("-----"))
            .map(|i| after_begin + i + 5)
        else {
            break;
        };
        out.push_str(rest.get(..label_end).unwrap_or(""));
        let body = rest.get(label_end..).unwrap_or("");
        let end = body.find(PEM_END).unwrap_or(body.len());
        if !body.get(..end).unwrap_or("").trim().is_empty() {
            out.push_str(MASK);
            changed = true;
        }
        rest = body.get(end..).unwrap_or("");
        if let Some(after_end) = rest.strip_prefix(PEM_END) {
            out.push_str(PEM_END);
            rest = after_end;
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Which names mark a value as secret in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// YAML and JSON: [`may_be_secret_name`].
    Yaml,
    /// `.env` and compose environments: also `*_KEY`
    /// ([`is_secret_env_name`]).
    Env,
}

impl NameRule {
    fn is_secret(self, name: &str) -> bool {
        match self {
            NameRule::Yaml => may_be_secret_name(name),
            NameRule::Env => may_be_secret_name(name) || is_secret_env_name(name),
        }
    }
}

/// Masks, in YAML or `.env` text, the value after every secret-named key
/// ([`may_be_secret_name`]: `password: x`, `"apiKey": 'x'`,
/// `{password: x, ...}`, `DB_PASSWORD=x`, a misspelled `pasword: x`) with
/// every line it runs onto (block scalars `password: |`, folded and plain
/// continuation lines, multi-line quoted values, a flow value on the next
/// line, anything nested under a secret key), the body of PEM blocks, and
/// every shape [`mask_shapes`] knows, keeping every line break so line
/// numbers stay true. Used on source text before any renderer quotes a line
/// of it, and on both sides of a diff. Works on text that does not parse.
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
    redact_text_as(text, NameRule::Yaml, MASK)
}

/// What a masked value still covers on the lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// Nothing.
    None,
    /// Lines indented more than this many bytes (block scalar, plain
    /// continuation, nested collection).
    Indented(usize),
    /// Lines up to the closing quote.
    Quote(char),
    /// The start of the next line, up to `,`, `}` or `]` (a flow value
    /// after a line break).
    FlowValue,
    /// Lines up to `-----END`.
    Pem,
}

/// [`redact_text`] with a choice of name rule and of mask (diffs show
/// `<hidden>`).
pub fn redact_text_as(text: &str, rule: NameRule, mask: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = Pending::None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = line.get(body.len()..).unwrap_or("");
        let indent = body.len() - body.trim_start().len();
        let lead = body.get(..indent).unwrap_or("");
        let blank = body.trim().is_empty();
        let mut rest_of_line: Option<(&str, String)> = None;
        match pending {
            Pending::Indented(key_indent) if blank || indent > key_indent => {
                push_masked_line(&mut out, lead, blank, mask);
                out.push_str(ending);
                continue;
            }
            Pending::Pem => match body.find(PEM_END) {
                Some(at) => {
                    pending = Pending::None;
                    rest_of_line = Some((body.get(at..).unwrap_or(""), format!("{lead}{mask}")));
                }
                None => {
                    push_masked_line(&mut out, lead, blank, mask);
                    out.push_str(ending);
                    continue;
                }
            },
            Pending::Quote(quote) => match closing_quote(body, quote) {
                Some(at) => {
                    pending = Pending::None;
                    rest_of_line = Some((body.get(at..).unwrap_or(""), format!("{lead}{mask}")));
                }
                None => {
                    push_masked_line(&mut out, lead, blank, mask);
                    out.push_str(ending);
                    continue;
                }
            },
            Pending::FlowValue if !blank => {
                pending = Pending::None;
                let value = body.get(indent..).unwrap_or("");
                let end = value_end(value, true);
                let head = if end > 0 {
                    format!("{lead}{mask}")
                } else {
                    lead.to_string()
                };
                rest_of_line = Some((value.get(end..).unwrap_or(""), head));
            }
            Pending::FlowValue => {
                out.push_str(line);
                continue;
            }
            Pending::Indented(_) | Pending::None => pending = Pending::None,
        }
        let (head, scanned) = match rest_of_line {
            Some((rest, head)) => (head, rest),
            None => (String::new(), body),
        };
        let (masked, next) = redact_line(scanned, rule, mask);
        let masked = format!("{head}{}", mask_shapes(&masked));
        if next != Pending::None {
            pending = next;
        }
        if pending == Pending::None && opens_pem(&masked) {
            pending = Pending::Pem;
        }
        out.push_str(&masked);
        out.push_str(ending);
    }
    out
}

fn push_masked_line(out: &mut String, lead: &str, blank: bool, mask: &str) {
    out.push_str(lead);
    if !blank {
        out.push_str(mask);
    }
}

/// Whether a line starts a PEM block it does not end.
fn opens_pem(line: &str) -> bool {
    line.rfind(PEM_BEGIN)
        .is_some_and(|at| !line.get(at..).unwrap_or("").contains(PEM_END))
}

/// Byte offset just past the closing `quote` in a continuation line of a
/// quoted value (`\"` escapes in double quotes, `''` in single quotes).
fn closing_quote(line: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '\'' && c == '\'' {
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i + 1);
        }
        if quote == '"' && c == '"' && !escaped {
            return Some(i + 1);
        }
        escaped = quote == '"' && c == '\\' && !escaped;
    }
    None
}

/// Masks the secret values of one line; says what the last masked value
/// still covers on the next lines.
fn redact_line(line: &str, rule: NameRule, mask: &str) -> (String, Pending) {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut depth = 0usize; // open `{` / `[` before the current position
    let mut pending = Pending::None;
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
                return (out, pending);
            }
            _ => {}
        }
        if !is_name_char(c) {
            out.push(c);
            rest = from.get(c.len_utf8()..).unwrap_or("");
            continue;
        }
        let key_column = line.len() - from.len();
        let name_len = from.find(|c: char| !is_name_char(c)).unwrap_or(from.len());
        let (name, after) = from.split_at(name_len);
        out.push_str(name);
        rest = after;
        if !rule.is_secret(name) {
            continue;
        }
        let after_quote = after.strip_prefix(['"', '\'']).unwrap_or(after);
        let trimmed = after_quote.trim_start_matches([' ', '\t']);
        let Some(_) = trimmed.chars().next().filter(|c| *c == ':' || *c == '=') else {
            continue;
        };
        // `password:x` is one plain scalar to YAML, but it may well be a
        // mistyped key: masked all the same.
        let value = trimmed.get(1..).unwrap_or("");
        let spaces = value.len() - value.trim_start_matches([' ', '\t']).len();
        out.push_str(after.get(..after.len() - value.len()).unwrap_or(""));
        out.push_str(value.get(..spaces).unwrap_or(""));
        let value = value.get(spaces..).unwrap_or("");
        let block_context = depth == 0;
        if value.is_empty() || value.starts_with('#') {
            // The value, if any, is on the next lines.
            pending = if block_context {
                Pending::Indented(key_column)
            } else {
                Pending::FlowValue
            };
            rest = value;
            continue;
        }
        if value.starts_with(['|', '>']) {
            out.push_str(mask);
            return (out, Pending::Indented(key_column));
        }
        let end = value_end(value, depth > 0);
        let unclosed_quote = value.chars().next().filter(|q| {
            (*q == '"' || *q == '\'') && closing_quote(value.get(1..).unwrap_or(""), *q).is_none()
        });
        out.push_str(mask);
        if let Some(quote) = unclosed_quote {
            return (out, Pending::Quote(quote));
        }
        rest = value.get(end..).unwrap_or("");
        pending = if block_context {
            Pending::Indented(key_column)
        } else {
            Pending::None
        };
    }
    out.push_str(rest);
    (out, pending)
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

/// Shortest value [`SecretValues`] masks wherever it appears: shorter ones
/// (`1`, `on`) would mask unrelated text, and are no secret worth the name.
pub const MIN_MASKED_VALUE_LEN: usize = 4;

/// The values a YAML document holds under secret-named keys
/// ([`may_be_secret_name`]), masked wherever else they appear: a YAML
/// alias (`other: *pw`) copies its anchor's value to a key that is not
/// secret, and a checker message or a plan quoting that value must not show
/// it. Values shorter than [`MIN_MASKED_VALUE_LEN`] are left alone.
///
/// ```
/// use config_core::secret::SecretValues;
/// use config_core::source::yaml::{parse, Limits};
/// let doc = parse("password: &pw hunter2\nurl: *pw\n", &Limits::default()).unwrap();
/// let secrets = SecretValues::of(&doc.root);
/// assert_eq!(secrets.mask("url 'hunter2' is not a URL"), "url '****' is not a URL");
/// let mut json = doc.root.to_json();
/// secrets.mask_json(&mut json);
/// assert_eq!(json["url"], "****");
/// ```
#[derive(Debug, Default)]
pub struct SecretValues {
    matcher: Option<aho_corasick::AhoCorasick>,
}

/// A boolean or null spelled as text (YAML 1.1 forms included).
fn is_flag_word(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off"
    )
}

impl SecretValues {
    /// Collects the scalar values under secret-named keys of `root`, at any
    /// depth (walked without recursion).
    pub fn of(root: &crate::source::yaml::Node) -> Self {
        use crate::source::yaml::Value;
        let mut values: Vec<String> = Vec::new();
        // (node, whether it sits under a secret key)
        let mut stack = vec![(root, false)];
        while let Some((node, secret)) = stack.pop() {
            match &node.value {
                Value::Map(entries) => {
                    for entry in entries.iter() {
                        let key_secret = secret
                            || match entry.key.as_str() {
                                Some(key) => may_be_secret_name(key),
                                None => may_be_secret_name(&entry.key.key_text()),
                            };
                        stack.push((&entry.value, key_secret));
                    }
                }
                Value::Seq(items) => stack.extend(items.iter().map(|i| (i, secret))),
                Value::String(text) if secret => values.push(text.clone()),
                Value::Int(_) | Value::Float(_) if secret => values.push(node.key_text()),
                _ => {}
            }
        }
        // A flag under a secret-named key (`useToken: true`, or its YAML 1.1
        // spellings kept as text) is no secret, and masking it would mask
        // every boolean of the file.
        values.retain(|v| v.len() >= MIN_MASKED_VALUE_LEN && !is_flag_word(v));
        values.sort();
        values.dedup();
        if values.is_empty() {
            return Self::default();
        }
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&values)
            .ok();
        Self { matcher }
    }

    /// `text` with every secret value replaced by [`MASK`]; borrowed when
    /// there is none.
    pub fn mask<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match &self.matcher {
            Some(matcher) if matcher.is_match(text) => {
                // One mask for every value (`replace_all` wants one
                // replacement per value, and panicked with two values).
                let mut masked = String::with_capacity(text.len());
                matcher.replace_all_with(text, &mut masked, |_, _, out| {
                    out.push_str(MASK);
                    true
                });
                Cow::Owned(masked)
            }
            _ => Cow::Borrowed(text),
        }
    }

    /// Masks every string of a JSON value that holds a secret value.
    pub fn mask_json(&self, value: &mut serde_json::Value) {
        if self.matcher.is_none() {
            return;
        }
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::String(text) => {
                    if let Cow::Owned(masked) = self.mask(text) {
                        *text = masked;
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
                serde_json::Value::Object(map) => stack.extend(map.values_mut()),
                _ => {}
            }
        }
    }

    /// Masks the message, fix and path of each finding.
    pub fn mask_findings(&self, findings: &mut [crate::finding::Finding]) {
        if self.matcher.is_none() {
            return;
        }
        for finding in findings {
            for text in [&mut finding.message, &mut finding.fix, &mut finding.path] {
                if let Cow::Owned(masked) = self.mask(text) {
                    *text = masked;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The name rule as first written (two allocations per segment), kept
    /// to prove the one-pass [`Squashed`] decides every name the same way.
    mod plain {
        pub(super) fn squash(name: &str) -> String {
            name.chars()
                .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
                .map(|c| c.to_ascii_lowercase())
                .collect()
        }

        pub(super) fn segments(name: &str) -> Vec<String> {
            let mut out = Vec::new();
            let mut current = String::new();
            let mut previous_lower = false;
            for c in name.chars() {
                if matches!(c, '_' | '-' | '.' | ' ') {
                    if !current.is_empty() {
                        out.push(std::mem::take(&mut current));
                    }
                    previous_lower = false;
                    continue;
                }
                if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                current.push(c.to_ascii_lowercase());
            }
            if !current.is_empty() {
                out.push(current);
            }
            out
        }
    }

    proptest::proptest! {
        #[test]
        fn squashed_segments_match_the_plain_rule(name in "[a-zA-Z0-9_. -]{0,24}|[a-zé_A-Z]{0,12}") {
            let squashed = Squashed::of(&name);
            proptest::prop_assert_eq!(&squashed.text, &plain::squash(&name));
            let segments: Vec<String> = squashed.segments().map(str::to_owned).collect();
            proptest::prop_assert_eq!(segments, plain::segments(&name));
        }
    }

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
            (
                "https://canary@github.com/o/r",
                "https://****@github.com/o/r",
            ),
            ("postgres://app@db/x", "postgres://****@db/x"),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_url_credentials(text), masked, "{text}");
        }
        for clean in [
            "http://accounts.internal:8080/api",
            "http://h/users/@me",
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
    fn names_are_matched_without_case_or_separators() {
        for name in [
            "X-Api-Key",
            "Api-Key",
            "api-key",
            "API.KEY",
            "MYSQL_PWD",
            "DB_PASS",
            "dbPass",
            "PRIVATE_KEY",
            "privateKey",
            "ssh-passphrase",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PWD",
            "bypass",
            "passthrough",
            "routingKey",
            "keyspace",
            "compass",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
        for typo in [
            "pasword",
            "passwrod",
            "secert",
            "tokn",
            "apikye",
            "Authorisation",
        ] {
            assert!(may_be_secret_name(typo), "{typo}");
        }
        for plain in ["port", "host", "section", "topic", "broker", "header"] {
            assert!(!may_be_secret_name(plain), "{plain}");
        }
    }

    #[test]
    fn values_running_onto_later_lines_are_masked() {
        let text = "a: 1\n\
                    DB_PASSWORD=\"canary one\ncanary two\ncanary\" # c\n\
                    password: canary\n  canary folded\nnext: ok\n\
                    env:\n  TOKEN: >-\n    canary\n  HOST: h\n\
                    c: {password:\n  canary, port: 1}\n\
                    secret:\n  nested: canary\n\
                    s: 'x'\n\
                    apiKey: 'canary ''q''\n  canary'\n\
                    pem: |\n  -----BEGIN PRIVATE KEY-----\n  canary\n  -----END PRIVATE KEY-----\n\
                    k: \"-----BEGIN RSA PRIVATE KEY-----\\ncanary\\n-----END RSA PRIVATE KEY-----\"\n\
                    X-Auth: Bearer canary.x\nB: Basic Y2FuYXJ5OnB3\n\
                    pasword: canary\n";
        let out = redact_text(text);
        assert!(!out.contains("canary"), "{out}");
        assert!(!out.contains("Y2FuYXJ5"), "{out}");
        assert_eq!(out.lines().count(), text.lines().count());
        for kept in [
            "next: ok",
            "  HOST: h",
            " port: 1}",
            "s: 'x'",
            "-----END PRIVATE KEY-----",
        ] {
            assert!(out.contains(kept), "{kept} in {out}");
        }
    }

    #[test]
    fn env_rule_masks_unparseable_assignments() {
        let out = redact_text_as(
            "KTRDR_DB_PASSWORD:canary=x\nAPI_KEY=canary\nA=1\n",
            NameRule::Env,
            "<hidden>",
        );
        assert_eq!(out, "KTRDR_DB_PASSWORD:<hidden>\nAPI_KEY=<hidden>\nA=1\n");
    }

    #[test]
    fn secret_values_are_masked_where_aliases_copy_them() {
        let doc = crate::source::yaml::parse(
            "c:\n  password: &pw canary-x\n  host: *pw\n  n: [*pw]\nshort:\n  token: &t abc\n  other: *t\n",
            &crate::source::yaml::Limits::default(),
        )
        .unwrap();
        let secrets = SecretValues::of(&doc.root);
        let mut json = doc.root.to_json();
        secrets.mask_json(&mut json);
        assert!(!json.to_string().contains("canary"), "{json}");
        // Too short to mask everywhere.
        assert_eq!(json["short"]["other"], "abc");
        let mut findings = vec![crate::finding::Finding::error(
            "PH1",
            "value 'canary-x' is bad",
        )];
        secrets.mask_findings(&mut findings);
        assert_eq!(findings[0].message, "value '****' is bad");
    }

    /// Found by the bundle fuzz target: a document with two secret values
    /// made every mask panic.
    #[test]
    fn several_secret_values_are_all_masked() {
        let doc = crate::source::yaml::parse(
            "a:\n  token: first-secret\nb:\n  password: second-secret\nc:\n  apiKey: third-secret\n",
            &crate::source::yaml::Limits::default(),
        )
        .unwrap();
        let secrets = SecretValues::of(&doc.root);
        assert_eq!(
            secrets.mask("third-secret, first-secret and second-secret"),
            "****, **** and ****"
        );
        assert_eq!(secrets.mask("nothing here"), "nothing here");
    }

    #[test]
    fn one_edit_matches_the_distance() {
        let words = [
            "password", "token", "secret", "ab", "", "pasword", "passwrod", "tokne", "xtoken",
            "tokens", "toke", "taken", "tkoen",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    within_one_edit(a.as_bytes(), b.as_bytes()),
                    strsim::osa_distance(a, b) <= 1,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn auth_and_pem_shapes() {
        assert_eq!(
            mask_shapes("Authorization: Basic dXNlcjpwdw=="),
            "Authorization: Basic ****"
        );
        assert_eq!(mask_shapes("a basic idea"), "a basic idea");
        assert_eq!(mask_shapes("the bearer of news"), "the bearer **** news");
        assert_eq!(mask_shapes("Bearer ****"), "Bearer ****");
        assert_eq!(
            mask_shapes("-----BEGIN CERTIFICATE-----"),
            "-----BEGIN CERTIFICATE-----"
        );
        assert_eq!(mask_shapes("-----BEGIN X-----abc"), "-----BEGIN X-----****");
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
