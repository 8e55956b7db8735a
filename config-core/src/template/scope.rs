//! Which strings the platform's template check reads, declared once for
//! scenario configs and `templates/**` files (SBV:166-221, 825-843;
//! TEMPLATES.md §1.1):
//!
//! - a **String** value holding `{{` or `{%` ([`is_checked`]); numbers,
//!   booleans, keys and strings with only `{#` are never checked;
//! - in a bee's `config`, every such string except under the top-level
//!   `body` of a `trigger` image ([`trigger_body_exempt`]): the platform
//!   removes that key before checking;
//! - in a template file, every such string of the whole document.
//!
//! [`check_tree`] walks either tree (the spanned YAML tree of a template
//! file, or the JSON value of a bee's `config`) and reports each string the
//! platform would reject, with its path; callers format the path only for
//! the strings that fail.
//!
//! ```
//! use config_core::source::yaml::{parse_jackson, Limits};
//! use config_core::template::scope::{check_tree, dotted, Scope};
//! let doc = parse_jackson("a: [ok, '{{ x ']\nbody: '{{'\n", &Limits::default()).unwrap();
//! let mut bad = Vec::new();
//! check_tree(&doc.root, Scope::Config { image: "trigger:1" }, |path, _, e| {
//!     bad.push((dotted(path), e.offset))
//! });
//! assert_eq!(bad, [("a[1]".to_string(), 0)]); // the `{{` never closed; `body` exempt
//! ```

use super::TemplateError;
use crate::source::yaml::{escape_segment, Node, Value as YamlValue};
use std::borrow::Cow;

/// True when the platform checks `s` at all: it holds `{{` or `{%` (a
/// string with only `{#` is never checked).
pub fn is_checked(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

/// True when the platform skips the top-level `body` of a bee's config: the
/// image name (after the last `/`, cut at the first `:`) is exactly
/// `trigger` (SBV:176-181, 186-191; `trigger@sha256:…` and `Trigger` are not
/// exempt).
///
/// ```
/// use config_core::template::scope::trigger_body_exempt;
/// assert!(trigger_body_exempt("localhost:5000/ph/trigger:1.0"));
/// assert!(!trigger_body_exempt("trigger@sha256:abc"));
/// assert!(!trigger_body_exempt("Trigger:latest"));
/// ```
pub fn trigger_body_exempt(image: &str) -> bool {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split(':').next() == Some("trigger")
}

/// The config key a trigger's exemption removes.
const EXEMPT_KEY: &str = "body";

/// Where the walked tree comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// A bee's `config` block, with the bee's image as written.
    Config {
        /// The bee's `image` (`""` when it has none).
        image: &'a str,
    },
    /// A config checked without its bee (a runtime patch): nothing exempt.
    ConfigAlone,
    /// A whole `templates/**` file.
    File,
}

impl Scope<'_> {
    /// Whether the top-level entry `key` is left out.
    fn skips_top_level(self, key: &str) -> bool {
        match self {
            Scope::Config { image } => key == EXEMPT_KEY && trigger_body_exempt(image),
            Scope::ConfigAlone | Scope::File => false,
        }
    }
}

/// One step of the path from the walked root to a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'t> {
    /// A mapping key.
    Key(Cow<'t, str>),
    /// A list index.
    Index(usize),
}

/// A tree [`check_tree`] can walk.
pub trait Tree {
    /// The value as a String the platform binds, else `None`.
    fn text(&self) -> Option<&str>;
    /// Calls `f` on each child with its step, in document order.
    fn each_child<'t>(&'t self, f: &mut dyn FnMut(Step<'t>, &'t Self));
}

impl Tree for Node {
    fn text(&self) -> Option<&str> {
        match &self.value {
            YamlValue::String(s) => Some(s),
            _ => None,
        }
    }

    fn each_child<'t>(&'t self, f: &mut dyn FnMut(Step<'t>, &'t Self)) {
        match &self.value {
            YamlValue::Map(entries) => {
                for entry in entries.iter() {
                    let key = match &entry.key.value {
                        YamlValue::String(s) => Cow::Borrowed(s.as_str()),
                        _ => Cow::Owned(entry.key.key_text()),
                    };
                    f(Step::Key(key), &entry.value);
                }
            }
            YamlValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    f(Step::Index(i), item);
                }
            }
            _ => {}
        }
    }
}

impl Tree for serde_json::Value {
    fn text(&self) -> Option<&str> {
        self.as_str()
    }

    fn each_child<'t>(&'t self, f: &mut dyn FnMut(Step<'t>, &'t Self)) {
        match self {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    f(Step::Key(Cow::Borrowed(k)), v);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    f(Step::Index(i), item);
                }
            }
            _ => {}
        }
    }
}

/// Checks every string of `root` the platform checks in `scope`, calling
/// `on_error` with the path, the node and the first error of each string
/// the platform rejects, in document order.
pub fn check_tree<'t, T: Tree>(
    root: &'t T,
    scope: Scope<'_>,
    mut on_error: impl FnMut(&[Step<'t>], &'t T, TemplateError),
) {
    let mut path = Vec::new();
    root.each_child(&mut |step, child| {
        if let Step::Key(key) = &step {
            if scope.skips_top_level(key) {
                return;
            }
        }
        path.push(step);
        walk(child, &mut path, &mut on_error);
        path.pop();
    });
    // A template file that is one string (never a map: PH600) or a config
    // that is a string (not a mapping: reported apart) is not walked.
}

fn walk<'t, T: Tree>(
    node: &'t T,
    path: &mut Vec<Step<'t>>,
    on_error: &mut impl FnMut(&[Step<'t>], &'t T, TemplateError),
) {
    if let Some(text) = node.text() {
        if is_checked(text) {
            if let Some(error) = super::check(text) {
                on_error(path, node, error);
            }
        }
        return;
    }
    node.each_child(&mut |step, child| {
        path.push(step);
        walk(child, path, on_error);
        path.pop();
    });
}

/// The path as the platform prints it: `a.b[0].c`.
pub fn dotted(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The path as an RFC 6901 pointer: `/a/b/0/c`.
pub fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&escape_segment(k)),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse_jackson, Limits};

    fn failing(text: &str, scope: Scope<'_>) -> Vec<(String, String)> {
        let doc = parse_jackson(text, &Limits::default()).unwrap();
        let mut out = Vec::new();
        check_tree(&doc.root, scope, |path, _, _| {
            out.push((dotted(path), pointer(path)))
        });
        out
    }

    #[test]
    fn only_strings_with_template_openers_are_checked() {
        let text = "a: '{# only a comment'\nb: 1\nc: '{{'\nd: {e: ['{%']}\n'{{x': plain\n";
        assert_eq!(
            failing(text, Scope::File),
            [
                ("c".to_string(), "/c".to_string()),
                ("d.e[0]".to_string(), "/d/e/0".to_string())
            ]
        );
    }

    #[test]
    fn a_trigger_s_top_level_body_is_exempt_and_nothing_else() {
        let text = "body: '{{'\nnested: {body: '{{'}\n";
        let nested = [("nested.body".to_string(), "/nested/body".to_string())];
        assert_eq!(failing(text, Scope::Config { image: "trigger" }), nested);
        let all = failing(
            text,
            Scope::Config {
                image: "trigger@sha256:1",
            },
        );
        assert_eq!(all.len(), 2);
        assert_eq!(failing(text, Scope::ConfigAlone).len(), 2);
        assert_eq!(failing(text, Scope::File).len(), 2);
    }

    #[test]
    fn json_configs_walk_the_same_way() {
        let config = serde_json::json!({"body": "{{", "h": {"a~b": ["{{ x | nope }}"]}});
        let mut out = Vec::new();
        check_tree(
            &config,
            Scope::Config {
                image: "x/trigger:2",
            },
            |path, _, e| out.push((pointer(path), e.offset)),
        );
        assert_eq!(out, [("/h/a~0b/0".to_string(), 7)]);
    }
}
