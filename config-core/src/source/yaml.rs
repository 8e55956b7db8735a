//! A spanned YAML 1.2 tree with resource budgets.
//!
//! Built on the event stream of [`granit_parser`] (the maintained YAML 1.2
//! parser under `serde-saphyr`). Every node, and every mapping key, keeps its
//! byte span and 1-based line/column, so checkers can point at the exact key
//! or value. Scalars are typed with the YAML 1.2 *core* schema: `on`, `yes`,
//! `off` stay strings; `true`/`false`, integers, floats and `null`/`~` are
//! typed; a quoted scalar is always a string.
//!
//! Duplicate mapping keys are not fatal: the first occurrence is kept and every
//! later one is listed in [`Document::duplicate_keys`]. Aliases are resolved by
//! copying the anchored node, within budgets that stop "billion laughs"
//! documents before they cost memory ([`Limits`]). Merge keys (`<<: *base`)
//! are applied, own keys winning, as common YAML readers do.
//!
//! ```
//! use config_core::source::yaml::{parse, Limits, Value};
//! let doc = parse("on: yes\ncount: 3\n", &Limits::default()).unwrap();
//! let on = doc.root.get("on").unwrap();
//! assert_eq!(on.value, Value::String("yes".into()));
//! assert_eq!((on.span.line, on.span.column), (1, 5));
//! assert_eq!(doc.root.pointer("/count").unwrap().to_json(), serde_json::json!(3));
//! ```

use granit_parser::{Event, Marker, Parser, ScalarStyle as GStyle};
use std::borrow::Cow;
use std::collections::HashMap;
use thiserror::Error;

/// Where a node sits in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, counted in characters.
    pub column: usize,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

/// A YAML value, typed by the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false` (any of the core-schema spellings).
    Bool(bool),
    /// An integer that fits `i64` (decimal, `0x`, `0o`).
    Int(i64),
    /// A float (also integers too big for `i64`).
    Float(f64),
    /// Any other scalar, and every quoted or block scalar.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order, duplicates removed (first kept).
    Map(Vec<Entry>),
}

/// One mapping entry; the key is a node so its position is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Node,
    /// The value.
    pub value: Node,
}

/// A value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is. For a collection, from its first token to its end.
    pub span: Span,
    /// Scalar style; `None` for collections.
    pub style: Option<ScalarStyle>,
    /// [`Dialect::Jackson`] only: the source text of a scalar typed as
    /// something other than a string (`007`, `0x1F`, `yes`, `1.0`). The
    /// platform binds that text, not the typed value, into String fields.
    pub raw: Option<Box<str>>,
}

/// Resource budgets. Defaults are generous for hand-written configuration and
/// small enough that hostile input fails fast:
///
/// | budget | default | why |
/// | --- | --- | --- |
/// | `max_depth` | 64 | scenario files nest < 15 deep |
/// | `max_aliases` | 1,000 | alias uses per document |
/// | `max_bytes` | 16 MiB | input size |
/// | `max_nodes` | 200,000 | nodes after alias expansion (billion laughs); keeps the tree under ~25 MiB |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of collections.
    pub max_depth: usize,
    /// Maximum number of alias uses (`*name`).
    pub max_aliases: usize,
    /// Maximum input size in bytes.
    pub max_bytes: usize,
    /// Maximum number of nodes, counting alias copies in full.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_aliases: 1_000,
            max_bytes: 16 * 1024 * 1024,
            max_nodes: 200_000,
        }
    }
}

/// A mapping key seen twice in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key text.
    pub key: String,
    /// RFC 6901 pointer of the mapping holding the key (`""` = root).
    pub parent_pointer: String,
    /// The first (kept) occurrence of the key.
    pub first: Span,
    /// The repeated (dropped) occurrence of the key.
    pub duplicate: Span,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The root node (`Null` for an empty document).
    pub root: Node,
    /// Repeated keys, in source order.
    pub duplicate_keys: Vec<DuplicateKey>,
    /// [`Dialect::Jackson`] only: every alias (`*name`), read as the string
    /// `name`, in source order.
    pub aliases: Vec<AliasUse>,
    /// [`Dialect::Jackson`] only: every plain `<<` key, kept as an ordinary
    /// key (merges are not applied), in source order.
    pub merge_keys: Vec<AliasUse>,
    /// [`Dialect::Jackson`] only: where a second document starts (it is
    /// not read).
    pub later_document: Option<Span>,
}

/// Where an alias or a merge key is used ([`Dialect::Jackson`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasUse {
    /// The anchor's name (`c` for `*c`); `<<` for a merge key.
    pub name: String,
    /// RFC 6901 pointer of the node (of the `<<` entry for a merge key).
    pub pointer: String,
    /// Where it is written.
    pub span: Span,
}

/// How scalars are typed and what aliases mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// YAML 1.2 core schema; aliases expand to copies, merge keys are
    /// applied; one document per text.
    #[default]
    Core,
    /// As the PocketHive platform reads `scenario.yaml` (Jackson's YAML
    /// parser over SnakeYAML, VALIDATOR.md §1): plain **values** get YAML 1.1
    /// resolution (`on`/`off`/`yes`/`no` booleans, `1_000`, `010` octal,
    /// `0b1`, base-60 ints as strings); keys are never resolved; an alias is
    /// the string of the anchor's name; `<<` is an ordinary key; only the
    /// first document is read (later ones are not even parsed); `.inf`,
    /// `.nan` and base-60 floats are unreadable; an alias or a collection used
    /// as a key is an error.
    Jackson,
}

/// Why a text is not a usable YAML document. Each variant has a position.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum YamlError {
    /// The text is not valid YAML.
    #[error("YAML syntax error: {message}")]
    Syntax {
        /// What the parser said.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The text is larger than [`Limits::max_bytes`].
    #[error("file is {bytes} bytes, over the {max}-byte limit")]
    TooLarge {
        /// Size of the input.
        bytes: usize,
        /// The budget.
        max: usize,
    },
    /// Collections nest deeper than [`Limits::max_depth`].
    #[error("collections nest deeper than {max} levels")]
    TooDeep {
        /// The budget.
        max: usize,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// More alias uses than [`Limits::max_aliases`].
    #[error("more than {max} alias uses")]
    TooManyAliases {
        /// The budget.
        max: usize,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// More nodes (after alias expansion) than [`Limits::max_nodes`].
    #[error("more than {max} nodes after alias expansion")]
    TooManyNodes {
        /// The budget.
        max: usize,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// More than one YAML document in the text.
    #[error("more than one YAML document in the file")]
    MultipleDocuments {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

impl YamlError {
    /// 1-based line of the problem (1 for [`YamlError::TooLarge`]).
    pub fn line(&self) -> usize {
        match self {
            Self::TooLarge { .. } => 1,
            Self::Syntax { line, .. }
            | Self::TooDeep { line, .. }
            | Self::TooManyAliases { line, .. }
            | Self::TooManyNodes { line, .. }
            | Self::MultipleDocuments { line, .. } => *line,
        }
    }

    /// 1-based column of the problem (1 for [`YamlError::TooLarge`]).
    pub fn column(&self) -> usize {
        match self {
            Self::TooLarge { .. } => 1,
            Self::Syntax { column, .. }
            | Self::TooDeep { column, .. }
            | Self::TooManyAliases { column, .. }
            | Self::TooManyNodes { column, .. }
            | Self::MultipleDocuments { column, .. } => *column,
        }
    }
}

/// Parses one YAML document into a spanned tree within `limits`.
///
/// # Errors
/// A [`YamlError`] with its line and column when the text is not YAML, holds
/// more than one document, or breaks a budget.
pub fn parse(text: &str, limits: &Limits) -> Result<Document, YamlError> {
    parse_with(text, limits, Dialect::Core)
}

/// Parses `text` as the PocketHive platform reads a scenario descriptor
/// ([`Dialect::Jackson`]).
///
/// ```
/// use config_core::source::yaml::{parse_jackson, Limits, Value};
/// let doc = parse_jackson("on: off\nrole: 007\na: &a 1\nx: *a\n---\n[", &Limits::default()).unwrap();
/// assert_eq!(doc.root.get("on").unwrap().value, Value::Bool(false));
/// let role = doc.root.get("role").unwrap();
/// assert_eq!((&role.value, role.raw.as_deref()), (&Value::Int(7), Some("007")));
/// assert_eq!(doc.root.get("x").unwrap().value, Value::String("a".into()));
/// assert_eq!(doc.aliases[0].pointer, "/x");
/// ```
///
/// # Errors
/// As [`parse`], except that later documents are ignored; also a value the
/// platform cannot read (`.inf`, `.nan`, `1:30.5`), and an alias or a
/// collection used as a mapping key.
pub fn parse_jackson(text: &str, limits: &Limits) -> Result<Document, YamlError> {
    parse_with(text, limits, Dialect::Jackson)
}

/// Parses one YAML document in `dialect`.
///
/// # Errors
/// See [`parse`] and [`parse_jackson`].
pub fn parse_with(text: &str, limits: &Limits, dialect: Dialect) -> Result<Document, YamlError> {
    if text.len() > limits.max_bytes {
        return Err(YamlError::TooLarge {
            bytes: text.len(),
            max: limits.max_bytes,
        });
    }
    // The parser's own nesting limits stop deep input before we build it
    // (its scanner looks ahead); its error is reported as ours.
    let nesting = limits.max_depth.saturating_add(1);
    let options = granit_parser::options! {
        emit_comments: false,
        flow_nesting_limit: nesting,
        block_nesting_limit: nesting,
    };
    let mut builder = Builder::new(limits, dialect, text);
    let mut events = Parser::new_from_str_with_options(text, options);
    let mut later_document = None;
    while let Some(item) = events.next() {
        let (event, span) = item.map_err(|e| {
            let (line, column) = line_col(e.marker());
            if matches!(e.kind(), granit_parser::ErrorKind::RecursionLimitExceeded) {
                return YamlError::TooDeep {
                    max: limits.max_depth,
                    line,
                    column,
                };
            }
            YamlError::Syntax {
                message: e.kind().to_string(),
                line,
                column,
            }
        })?;
        let span = to_span(&span.start, &span.end);
        let document_end = matches!(event, Event::DocumentEnd);
        builder.event(event, span)?;
        // Jackson reads one value and stops: later documents are never
        // parsed (only the next one's start is noted, for a warning).
        if document_end && dialect == Dialect::Jackson {
            if let Some(Ok((Event::DocumentStart(..), span))) = events.next() {
                later_document = Some(to_span(&span.start, &span.end));
            }
            break;
        }
    }
    Ok(Document {
        root: builder.root.unwrap_or(Node {
            value: Value::Null,
            span: Span {
                start: 0,
                end: 0,
                line: 1,
                column: 1,
            },
            style: None,
            raw: None,
        }),
        duplicate_keys: builder.duplicates,
        aliases: builder.aliases_used,
        merge_keys: builder.merge_keys,
        later_document,
    })
}

fn line_col(m: &Marker) -> (usize, usize) {
    (m.line().max(1), m.col().saturating_add(1))
}

fn to_span(start: &Marker, end: &Marker) -> Span {
    let (line, column) = line_col(start);
    Span {
        start: start.byte_offset().unwrap_or(start.index()),
        end: end.byte_offset().unwrap_or(end.index()),
        line,
        column,
    }
}

/// A collection being built.
enum Frame {
    Seq {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
        nodes: usize,
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        span: Span,
        anchor: usize,
        nodes: usize,
        /// Key text -> index, built once the map is large enough that a
        /// linear scan would cost more than the hash.
        index: Option<HashMap<String, usize>>,
    },
}

const LINEAR_SCAN_MAX: usize = 16;

struct Builder<'l> {
    limits: &'l Limits,
    dialect: Dialect,
    text: &'l str,
    aliases_used: Vec<AliasUse>,
    merge_keys: Vec<AliasUse>,
    stack: Vec<Frame>,
    root: Option<Node>,
    duplicates: Vec<DuplicateKey>,
    /// Anchored nodes by parser anchor id, with their node counts.
    anchors: HashMap<usize, (Node, usize)>,
    aliases: usize,
    nodes: usize,
    documents: usize,
}

impl<'l> Builder<'l> {
    fn new(limits: &'l Limits, dialect: Dialect, text: &'l str) -> Self {
        Self {
            limits,
            dialect,
            text,
            aliases_used: Vec::new(),
            merge_keys: Vec::new(),
            stack: Vec::new(),
            root: None,
            duplicates: Vec::new(),
            anchors: HashMap::new(),
            aliases: 0,
            nodes: 0,
            documents: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError::MultipleDocuments {
                        line: span.line,
                        column: span.column,
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, span)?;
                let style = convert_style(style);
                if self.dialect == Dialect::Jackson {
                    return self.jackson_scalar(&text, style, tag.as_deref(), span);
                }
                let forced_str = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema_tag("str"));
                let value = if style == ScalarStyle::Plain && !forced_str {
                    resolve_plain(&text)
                } else {
                    Value::String(text.into_owned())
                };
                let node = Node {
                    value,
                    span,
                    style: Some(style),
                    raw: None,
                };
                if anchor != 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push_node(node, 1);
            }
            Event::SequenceStart(_, anchor, _) => {
                self.refuse_complex_key(span)?;
                self.open(span)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    span,
                    anchor,
                    nodes: 1,
                });
            }
            Event::MappingStart(_, anchor, _) => {
                self.refuse_complex_key(span)?;
                self.open(span)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    pending_key: None,
                    span,
                    anchor,
                    nodes: 1,
                    index: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::Alias(id) => {
                self.aliases += 1;
                if self.aliases > self.limits.max_aliases {
                    return Err(YamlError::TooManyAliases {
                        max: self.limits.max_aliases,
                        line: span.line,
                        column: span.column,
                    });
                }
                if self.dialect == Dialect::Jackson {
                    return self.jackson_alias(span);
                }
                // The parser only emits aliases to anchors it has seen; a
                // missing entry means the anchored node is still open
                // (a recursive alias), which we cannot copy.
                let Some((node, count)) = self.anchors.get(&id) else {
                    return Err(YamlError::Syntax {
                        message: "alias refers to a node that contains it".into(),
                        line: span.line,
                        column: span.column,
                    });
                };
                let count = *count;
                // Budget first: never clone an expansion we will refuse.
                let nodes = self.nodes.saturating_add(count);
                if nodes > self.limits.max_nodes {
                    return Err(YamlError::TooManyNodes {
                        max: self.limits.max_nodes,
                        line: span.line,
                        column: span.column,
                    });
                }
                let mut node = node.clone();
                self.nodes = nodes;
                // The copy sits where the alias is written.
                node.span = span;
                self.push_node(node, count);
            }
            _ => {}
        }
        Ok(())
    }

    /// True when the next node completes a mapping key (not a value).
    fn at_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                pending_key: None,
                ..
            })
        )
    }

    /// The pointer of the node about to be added.
    fn next_pointer(&self) -> String {
        let mut pointer = self.open_map_pointer();
        match self.stack.last() {
            Some(Frame::Seq { items, .. }) => {
                pointer = child_pointer(&pointer, &items.len().to_string());
            }
            Some(Frame::Map {
                pending_key: Some(key),
                ..
            }) => pointer = child_pointer(&pointer, &key.key_text()),
            _ => {}
        }
        pointer
    }

    /// Jackson: a collection as a mapping key cannot be read.
    fn refuse_complex_key(&self, span: Span) -> Result<(), YamlError> {
        if self.dialect == Dialect::Jackson && self.at_key() {
            return Err(YamlError::Syntax {
                message: "a list or mapping used as a mapping key: the platform cannot read it \
                          (Jackson: \"Expected a field name\")"
                    .into(),
                line: span.line,
                column: span.column,
            });
        }
        Ok(())
    }

    /// Jackson: an alias is the string of the anchor's name.
    fn jackson_alias(&mut self, span: Span) -> Result<(), YamlError> {
        let name = self
            .text
            .get(span.start..span.end)
            .unwrap_or_default()
            .trim_start_matches('*')
            .to_string();
        if self.at_key() {
            return Err(YamlError::Syntax {
                message: format!(
                    "alias `*{name}` used as a mapping key: the platform cannot read it \
                     (Jackson: \"Expected a field name\")"
                ),
                line: span.line,
                column: span.column,
            });
        }
        self.count(1, span)?;
        self.aliases_used.push(AliasUse {
            name: name.clone(),
            pointer: self.next_pointer(),
            span,
        });
        let node = Node {
            value: Value::String(name),
            span,
            style: Some(ScalarStyle::Plain),
            raw: None,
        };
        self.push_node(node, 1);
        Ok(())
    }

    /// Jackson: keys are never resolved; values get YAML 1.1 resolution
    /// (plain) or their explicit tag's.
    fn jackson_scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&granit_parser::Tag>,
        span: Span,
    ) -> Result<(), YamlError> {
        let value = if self.at_key() {
            if style == ScalarStyle::Plain && text == "<<" {
                let pointer = child_pointer(&self.open_map_pointer(), "<<");
                self.merge_keys.push(AliasUse {
                    name: "<<".into(),
                    pointer,
                    span,
                });
            }
            Value::String(text.to_owned())
        } else if let Some(tag) = tag {
            resolve_tagged(text, tag)
        } else if style == ScalarStyle::Plain {
            resolve_yaml11(text).map_err(|why| YamlError::Syntax {
                message: format!(
                    "`{text}` cannot be read by the platform: {why} (Jackson: \"Malformed \
                     numeric value\"); the whole scenario is rejected. Quote it to make it a string"
                ),
                line: span.line,
                column: span.column,
            })?
        } else {
            Value::String(text.to_owned())
        };
        let raw = matches!(value, Value::Bool(_) | Value::Int(_) | Value::Float(_))
            .then(|| Box::from(text));
        let node = Node {
            value,
            span,
            style: Some(style),
            raw,
        };
        self.push_node(node, 1);
        Ok(())
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::TooManyNodes {
                max: self.limits.max_nodes,
                line: span.line,
                column: span.column,
            });
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), YamlError> {
        self.count(1, span)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError::TooDeep {
                max: self.limits.max_depth,
                line: span.line,
                column: span.column,
            });
        }
        Ok(())
    }

    fn close(&mut self, end: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (value, mut span, anchor, nodes) = match frame {
            Frame::Seq {
                items,
                span,
                anchor,
                nodes,
            } => (Value::Seq(items), span, anchor, nodes),
            Frame::Map {
                entries,
                span,
                anchor,
                nodes,
                ..
            } if self.dialect == Dialect::Jackson => (Value::Map(entries), span, anchor, nodes),
            Frame::Map {
                entries,
                span,
                anchor,
                nodes,
                ..
            } => (Value::Map(apply_merge_keys(entries)), span, anchor, nodes),
        };
        span.end = end.end.max(span.start);
        let node = Node {
            value,
            span,
            style: None,
            raw: None,
        };
        if anchor != 0 && self.dialect == Dialect::Core {
            self.anchors.insert(anchor, (node.clone(), nodes));
        }
        self.push_node(node, nodes);
    }

    /// Adds a finished node to the open collection (or makes it the root).
    fn push_node(&mut self, node: Node, count: usize) {
        if self.completes_duplicate(count) {
            return;
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, nodes, .. }) => {
                *nodes = nodes.saturating_add(count);
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                pending_key,
                nodes,
                index,
                ..
            }) => {
                *nodes = nodes.saturating_add(count);
                match pending_key.take() {
                    None => *pending_key = Some(node),
                    Some(key) => {
                        if let Some(index) = index {
                            index.insert(key.key_text(), entries.len());
                        } else if entries.len() >= LINEAR_SCAN_MAX {
                            let mut map: HashMap<String, usize> = entries
                                .iter()
                                .enumerate()
                                .map(|(i, e)| (e.key.key_text(), i))
                                .collect();
                            map.insert(key.key_text(), entries.len());
                            *index = Some(map);
                        }
                        entries.push(Entry { key, value: node });
                    }
                }
            }
        }
    }

    /// When the finished node is the value of a key already present in the
    /// open mapping: records the duplicate, drops the entry, returns true.
    fn completes_duplicate(&mut self, count: usize) -> bool {
        let Some(Frame::Map {
            entries,
            pending_key: Some(key),
            index,
            ..
        }) = self.stack.last()
        else {
            return false;
        };
        let first = match index {
            Some(map) => map
                .get(key.key_text().as_str())
                .and_then(|i| entries.get(*i))
                .map(|e| e.key.span),
            None => entries
                .iter()
                .find(|e| e.key.same_key(key))
                .map(|e| e.key.span),
        };
        let Some(first) = first else {
            return false;
        };
        let duplicate = DuplicateKey {
            key: key.key_text(),
            parent_pointer: self.open_map_pointer(),
            first,
            duplicate: key.span,
        };
        self.duplicates.push(duplicate);
        if let Some(Frame::Map {
            pending_key, nodes, ..
        }) = self.stack.last_mut()
        {
            *pending_key = None;
            *nodes = nodes.saturating_add(count);
        }
        true
    }

    /// The RFC 6901 pointer of the innermost open collection.
    fn open_map_pointer(&self) -> String {
        let mut pointer = String::new();
        let depth = self.stack.len().saturating_sub(1);
        for frame in self.stack.iter().take(depth) {
            pointer.push('/');
            match frame {
                Frame::Seq { items, .. } => pointer.push_str(&items.len().to_string()),
                Frame::Map { pending_key, .. } => {
                    let k = pending_key.as_ref().map(Node::key_text).unwrap_or_default();
                    pointer.push_str(&escape_segment(&k));
                }
            }
        }
        pointer
    }
}

/// Resolves YAML merge keys (`<<: *base` or `<<: [*a, *b]`, plain style):
/// the merged mappings' entries are added unless the mapping already has the
/// key (own keys win; among merged mappings, the earlier wins). A `<<` whose
/// value is not a mapping or a list of mappings stays an ordinary key.
fn apply_merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let is_merge = |e: &Entry| {
        e.key.style == Some(ScalarStyle::Plain)
            && e.key.is_key("<<")
            && match &e.value.value {
                Value::Map(_) => true,
                Value::Seq(items) => items.iter().all(|i| i.as_map().is_some()),
                _ => false,
            }
    };
    if !entries.iter().any(is_merge) {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(is_merge);
    for merge in merges {
        let sources = match merge.value.value {
            Value::Map(map) => vec![map],
            Value::Seq(items) => items
                .into_iter()
                .filter_map(|i| match i.value {
                    Value::Map(map) => Some(map),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for entry in sources.into_iter().flatten() {
            if !own.iter().any(|o| o.key.same_key(&entry.key)) {
                own.push(entry);
            }
        }
    }
    own
}

fn convert_style(style: GStyle) -> ScalarStyle {
    match style {
        GStyle::Plain => ScalarStyle::Plain,
        GStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        GStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        GStyle::Literal => ScalarStyle::Literal,
        GStyle::Folded => ScalarStyle::Folded,
    }
}

/// The longest plain scalar SnakeYAML's resolver tries as a number; longer
/// text stays a string (snakeyaml 2.4 `Resolver.java:59-81`).
const YAML11_NUMBER_MAX: usize = 1024;

/// Types a plain scalar **value** as Jackson over SnakeYAML does (YAML 1.1
/// resolver, VALIDATOR.md §1.2). `Err` says why the platform cannot read it.
///
/// ```
/// # use config_core::source::yaml::{resolve_yaml11, Value};
/// assert_eq!(resolve_yaml11("Off"), Ok(Value::Bool(false)));
/// assert_eq!(resolve_yaml11("y"), Ok(Value::String("y".into())));
/// assert_eq!(resolve_yaml11("1_000"), Ok(Value::Int(1000)));
/// assert_eq!(resolve_yaml11("010"), Ok(Value::Int(8)));
/// assert_eq!(resolve_yaml11("09"), Ok(Value::String("09".into())));
/// assert_eq!(resolve_yaml11("1:30"), Ok(Value::String("1:30".into())));
/// assert_eq!(resolve_yaml11("1e3"), Ok(Value::Float(1000.0)));
/// assert!(resolve_yaml11(".inf").is_err());
/// ```
///
/// # Errors
/// `.inf`, `.nan` and base-60 floats: SnakeYAML tags them as floats, and
/// Java cannot parse them.
pub fn resolve_yaml11(text: &str) -> Result<Value, &'static str> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Ok(Value::Bool(true))
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Ok(Value::Bool(false))
        }
        _ => {}
    }
    let numeric_start = text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.'));
    if !numeric_start || text.len() > YAML11_NUMBER_MAX {
        return Ok(Value::String(text.to_owned()));
    }
    if let Some(value) = yaml11_int(text) {
        return Ok(value);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err("infinity and NaN are not numbers Java can parse");
    }
    if is_base60_float(unsigned) {
        return Err("a base-60 float is not a number Java can parse");
    }
    if is_yaml11_float(unsigned) {
        let cleaned: String = text.chars().filter(|c| *c != '_').collect();
        return cleaned
            .parse::<f64>()
            .map(Value::Float)
            .map_err(|_| "not a number Java can parse");
    }
    Ok(Value::String(text.to_owned()))
}

/// `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`; other tags give strings.
fn resolve_tagged(text: &str, tag: &granit_parser::Tag) -> Value {
    let string = || Value::String(text.to_owned());
    if tag.is_yaml_core_schema_tag("int") {
        yaml11_int(text)
            .filter(|v| !matches!(v, Value::String(_)))
            .unwrap_or_else(string)
    } else if tag.is_yaml_core_schema_tag("float") {
        let cleaned: String = text.chars().filter(|c| *c != '_').collect();
        cleaned
            .parse::<f64>()
            .map_or_else(|_| string(), Value::Float)
    } else if tag.is_yaml_core_schema_tag("bool") {
        // Jackson's own matcher: any case, and y/n too.
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" => Value::Bool(true),
            "false" | "no" | "off" | "n" => Value::Bool(false),
            _ => string(),
        }
    } else if tag.is_yaml_core_schema_tag("null") {
        Value::Null
    } else {
        string()
    }
}

/// `body` is `_*D+[D_]*` for the digit class `D`.
fn digits_with_underscores(body: &str, digit: impl Fn(u8) -> bool) -> bool {
    let rest = body.trim_start_matches('_');
    rest.as_bytes().first().is_some_and(|b| digit(*b))
        && rest.bytes().all(|b| b == b'_' || digit(b))
}

/// SnakeYAML's INT forms: binary, octal (leading 0), decimal, hex, base 60
/// (a string for Jackson). `None` when the text is not one of them.
fn yaml11_int(text: &str) -> Option<Value> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(bin) = body.strip_prefix("0b") {
        digits_with_underscores(bin, |b| matches!(b, b'0' | b'1')).then_some((2, bin))?
    } else if let Some(hex) = body.strip_prefix("0x") {
        digits_with_underscores(hex, |b| b.is_ascii_hexdigit()).then_some((16, hex))?
    } else if body == "0" {
        (10, body)
    } else if let Some(oct) = body.strip_prefix('0') {
        digits_with_underscores(oct, |b| (b'0'..=b'7').contains(&b)).then_some((8, oct))?
    } else if body
        .as_bytes()
        .first()
        .is_some_and(|b| (b'1'..=b'9').contains(b))
    {
        if body.contains(':') {
            return is_base60_int(body).then(|| Value::String(text.to_owned()));
        }
        body.bytes()
            .all(|b| b == b'_' || b.is_ascii_digit())
            .then_some((10, body))?
    } else {
        return None;
    };
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    let magnitude = i128::from_str_radix(&cleaned, radix).ok();
    let value = magnitude.map(|m| if negative { -m } else { m });
    Some(match value.and_then(|v| i64::try_from(v).ok()) {
        Some(v) => Value::Int(v),
        // Beyond i64 (Jackson: BigInteger): kept as a float, like the core
        // schema does for big integers.
        None => value.map_or_else(
            || {
                cleaned
                    .parse::<f64>()
                    .map_or_else(|_| Value::String(text.to_owned()), Value::Float)
            },
            |v| Value::Float(v as f64),
        ),
    })
}

/// `[1-9][0-9_]*(:[0-5]?[0-9])+`, sign removed.
fn is_base60_int(body: &str) -> bool {
    let mut parts = body.split(':');
    let head_ok = parts.next().is_some_and(|h| {
        h.as_bytes()
            .first()
            .is_some_and(|b| (b'1'..=b'9').contains(b))
            && h.bytes().all(|b| b == b'_' || b.is_ascii_digit())
    });
    head_ok && parts.all(is_sexagesimal_digit_group)
}

fn is_sexagesimal_digit_group(part: &str) -> bool {
    match part.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    }
}

/// `[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, sign removed.
fn is_base60_float(body: &str) -> bool {
    let Some((int, frac)) = body.rsplit_once('.') else {
        return false;
    };
    let mut parts = int.split(':');
    let head_ok = parts.next().is_some_and(|h| {
        h.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && h.bytes().all(|b| b == b'_' || b.is_ascii_digit())
    });
    int.contains(':')
        && head_ok
        && parts.all(is_sexagesimal_digit_group)
        && frac.bytes().all(|b| b == b'_' || b.is_ascii_digit())
}

/// SnakeYAML's float form `(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)?`
/// (sign removed), with a `.` or an exponent: Jackson reads `09` as a
/// string (VALIDATOR.md §1.2, run on the platform).
fn is_yaml11_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (s.get(..i).unwrap_or(""), s.get(i + 1..)),
        None => (s, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()),
        Some((int, frac)) => {
            int.bytes().all(|b| b == b'_' || b.is_ascii_digit())
                && frac.bytes().all(|b| b == b'_' || b.is_ascii_digit())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b == b'_' || b.is_ascii_digit()),
    };
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

/// Types a plain scalar by the YAML 1.2 core schema (spec 10.3.2).
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(i) = i64::from_str_radix(hex, 16) {
                return Value::Int(i);
            }
        }
        return Value::String(text.to_owned());
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            if let Ok(i) = i64::from_str_radix(oct, 8) {
                return Value::Int(i);
            }
        }
        return Value::String(text.to_owned());
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => text
                .parse::<f64>()
                .map(Value::Float)
                .unwrap_or_else(|_| Value::String(text.to_owned())),
        };
    }
    if is_core_float(digits) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::String(text.to_owned())
}

/// `(\.[0-9]+ | [0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (sign already removed).
fn is_core_float(s: &str) -> bool {
    // Most plain scalars are words: reject them before searching for `e`.
    if !s.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (s.get(..i).unwrap_or(""), s.get(i + 1..)),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        }
    };
    mantissa_ok && exponent_ok
}

impl Node {
    /// The value of `key` in a mapping (`None` for other nodes or a missing key).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|e| &e.value)
    }

    /// The entry (key and value nodes) of `key` in a mapping.
    pub fn get_entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key.is_key(key)),
            _ => None,
        }
    }

    /// The node at an RFC 6901 JSON pointer (`""` is this node).
    pub fn pointer(&self, json_pointer: &str) -> Option<&Node> {
        let (node, rest) = self.nearest(json_pointer);
        rest.is_empty().then_some(node)
    }

    /// The deepest existing node on the way to `json_pointer`, and the
    /// segments (unescaped) that could not be followed.
    pub fn nearest(&self, json_pointer: &str) -> (&Node, Vec<String>) {
        let segments = pointer_segments(json_pointer);
        let mut node = self;
        for (i, segment) in segments.iter().enumerate() {
            match node.child(segment) {
                Some(next) => node = next,
                None => return (node, segments.into_iter().skip(i).collect()),
            }
        }
        (node, Vec::new())
    }

    /// The key node of the entry at `json_pointer`, when its parent is a mapping.
    pub fn key_at(&self, json_pointer: &str) -> Option<&Node> {
        let mut segments = pointer_segments(json_pointer);
        let last = segments.pop()?;
        let mut node = self;
        for segment in &segments {
            node = node.child(segment)?;
        }
        node.get_entry(&last).map(|e| &e.key)
    }

    fn child(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(_) => self.get(segment),
            Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
    }

    /// The string, when this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, when this is a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, when this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// A short name of the value's type for messages: `string`, `mapping`, ...
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "sequence",
            Value::Map(_) => "mapping",
        }
    }

    /// Whether this key node's text is `key` (no allocation for string keys).
    pub fn is_key(&self, key: &str) -> bool {
        match &self.value {
            Value::String(s) => s == key,
            _ => self.key_text() == key,
        }
    }

    fn same_key(&self, other: &Node) -> bool {
        match &other.value {
            Value::String(s) => self.is_key(s),
            _ => self.is_key(&other.key_text()),
        }
    }

    /// The text of a scalar used as a mapping key (JSON text for collections).
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Seq(_) | Value::Map(_) => self.to_json().to_string(),
        }
    }

    /// The JSON form (keys as strings; NaN and infinities become `null`).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.key_text(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Escapes one JSON Pointer segment (RFC 6901: `~` -> `~0`, `/` -> `~1`),
/// borrowing when there is nothing to escape (the usual case).
pub fn escape_segment(segment: &str) -> Cow<'_, str> {
    if segment.contains(['~', '/']) {
        Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// `parent` extended by one segment (escaped): `child_pointer("/a", "b/c")`
/// is `/a/b~1c`. Cheaper than `format!`, which matters on the per-key paths
/// of the checker.
///
/// ```
/// use config_core::source::yaml::child_pointer;
/// assert_eq!(child_pointer("/template/bees", "0"), "/template/bees/0");
/// assert_eq!(child_pointer("", "a~b"), "/a~0b");
/// ```
pub fn child_pointer(parent: &str, segment: &str) -> String {
    let segment = escape_segment(segment);
    let mut pointer = String::with_capacity(parent.len() + 1 + segment.len());
    pointer.push_str(parent);
    pointer.push('/');
    pointer.push_str(&segment);
    pointer
}

/// Unescapes one JSON Pointer segment, borrowing when nothing is escaped.
pub fn unescape_segment(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// Splits an RFC 6901 pointer into unescaped segments (`""` -> none).
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|s| unescape_segment(s).into_owned())
        .collect()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(text: &str) -> Document {
        parse(text, &Limits::default()).unwrap()
    }

    #[test]
    fn keys_and_values_have_positions_and_byte_spans() {
        let text = "a: 1\nnested:\n  key: 'v'\nlist:\n  - x\n  - {k: v}\n";
        let doc = p(text);
        let key = doc.root.key_at("/nested/key").unwrap();
        assert_eq!((key.span.line, key.span.column), (3, 3));
        let value = doc.root.pointer("/nested/key").unwrap();
        assert_eq!((value.span.line, value.span.column), (3, 8));
        assert_eq!(&text[value.span.start..value.span.end], "'v'");
        assert_eq!(value.style, Some(ScalarStyle::SingleQuoted));
        let item = doc.root.pointer("/list/1/k").unwrap();
        assert_eq!((item.span.line, item.span.column), (6, 9));
        let x = doc.root.pointer("/list/0").unwrap();
        assert_eq!(&text[x.span.start..x.span.end], "x");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = p("é: ü\n");
        let v = doc.root.get("é").unwrap();
        assert_eq!(v.span.column, 4);
        assert_eq!(v.span.start, 4);
    }

    #[test]
    fn core_schema_typing() {
        let doc = p(concat!(
            "on: 1\nyes: no\nt: true\nf: False\nn: ~\nn2: null\ne:\n",
            "i: -42\nh: 0x1F\no: 0o17\nfl: 1.5\nexp: 1e3\nq: \"true\"\ns: !!str 12\n",
            "inf: .inf\nver: 2.0.0\nbig: 99999999999999999999\n"
        ));
        let j = doc.root.to_json();
        assert_eq!(j["on"], json!(1));
        assert!(doc.root.get("on").is_some(), "`on` stays a string key");
        assert_eq!(j["yes"], json!("no"));
        assert_eq!(j["t"], json!(true));
        assert_eq!(j["f"], json!(false));
        assert_eq!(j["n"], json!(null));
        assert_eq!(j["n2"], json!(null));
        assert_eq!(j["e"], json!(null));
        assert_eq!(j["i"], json!(-42));
        assert_eq!(j["h"], json!(31));
        assert_eq!(j["o"], json!(15));
        assert_eq!(j["fl"], json!(1.5));
        assert_eq!(j["exp"], json!(1000.0));
        assert_eq!(j["q"], json!("true"));
        assert_eq!(j["s"], json!("12"));
        assert_eq!(j["ver"], json!("2.0.0"));
        assert_eq!(
            doc.root.get("inf").unwrap().value,
            Value::Float(f64::INFINITY)
        );
        assert!(matches!(
            doc.root.get("big").unwrap().value,
            Value::Float(_)
        ));
    }

    #[test]
    fn on_key_stays_a_string() {
        let doc = p("on:\n  push: {}\n");
        let entry = &doc.root.as_map().unwrap()[0];
        assert_eq!(entry.key.value, Value::String("on".into()));
    }

    #[test]
    fn duplicate_keys_are_reported_and_first_is_kept() {
        let doc = p("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
        assert_eq!(doc.root.to_json(), json!({"a": 1, "b": {"c": 1}}));
        assert_eq!(doc.duplicate_keys.len(), 2);
        let first = &doc.duplicate_keys[0];
        assert_eq!(first.key, "c");
        assert_eq!(first.parent_pointer, "/b");
        assert_eq!((first.first.line, first.first.column), (3, 3));
        assert_eq!((first.duplicate.line, first.duplicate.column), (4, 3));
        let second = &doc.duplicate_keys[1];
        assert_eq!(
            (second.key.as_str(), second.parent_pointer.as_str()),
            ("a", "")
        );
        assert_eq!(second.duplicate.line, 5);
    }

    #[test]
    fn duplicate_keys_in_large_maps_use_the_index() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k3: again\n");
        let doc = p(&text);
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(doc.duplicate_keys[0].duplicate.line, 41);
        assert_eq!(doc.root.get("k3").unwrap().to_json(), json!(3));
    }

    #[test]
    fn duplicate_pointer_inside_sequences() {
        let doc = p("list:\n  - x: 1\n    x: 2\n");
        assert_eq!(doc.duplicate_keys[0].parent_pointer, "/list/0");
    }

    #[test]
    fn aliases_are_copied_at_the_alias_position() {
        let doc = p("base: &b {x: 1}\nother: *b\n");
        let other = doc.root.get("other").unwrap();
        assert_eq!(other.to_json(), json!({"x": 1}));
        assert_eq!((other.span.line, other.span.column), (2, 8));
    }

    #[test]
    fn billion_laughs_hits_the_node_budget() {
        let text = r#"
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"#;
        let err = parse(text, &Limits::default()).unwrap_err();
        assert!(matches!(err, YamlError::TooManyNodes { .. }), "{err:?}");
        assert!(err.line() >= 7);
    }

    #[test]
    fn alias_budget() {
        let limits = Limits {
            max_aliases: 2,
            ..Limits::default()
        };
        let err = parse("a: &a 1\nb: *a\nc: *a\nd: *a\n", &limits).unwrap_err();
        assert_eq!(
            err,
            YamlError::TooManyAliases {
                max: 2,
                line: 4,
                column: 4
            }
        );
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = parse(&text, &Limits::default()).unwrap_err();
        assert!(matches!(err, YamlError::TooDeep { max: 64, .. }), "{err:?}");
        let block: String = (0..100)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        let err = parse(&block, &Limits::default()).unwrap_err();
        assert!(matches!(err, YamlError::TooDeep { .. }), "{err:?}");
    }

    #[test]
    fn size_budget() {
        let limits = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        let err = parse("a: 12345", &limits).unwrap_err();
        assert_eq!(err, YamlError::TooLarge { bytes: 8, max: 4 });
        assert_eq!((err.line(), err.column()), (1, 1));
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n", &Limits::default()).unwrap_err();
        assert!(matches!(err, YamlError::Syntax { .. }), "{err:?}");
        assert!(err.line() >= 2, "{err:?}");
        let err = parse("a: 1\n  b: 2\n", &Limits::default()).unwrap_err();
        assert_eq!(err.line(), 2, "{err:?}");
    }

    #[test]
    fn multiple_documents_are_rejected() {
        let err = parse("a: 1\n---\nb: 2\n", &Limits::default()).unwrap_err();
        assert!(
            matches!(err, YamlError::MultipleDocuments { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(p("").root.value, Value::Null);
        assert_eq!(p("# only a comment\n").root.value, Value::Null);
    }

    #[test]
    fn pointers_and_nearest() {
        let doc = p("a:\n  b: [1, 2]\n  'x/y': 3\n");
        assert_eq!(doc.root.pointer("/a/b/1").unwrap().to_json(), json!(2));
        assert_eq!(doc.root.pointer("/a/x~1y").unwrap().to_json(), json!(3));
        assert!(doc.root.pointer("/a/zz").is_none());
        let (node, rest) = doc.root.nearest("/a/zz/q");
        assert_eq!(node.span.line, 2);
        assert_eq!(rest, vec!["zz".to_string(), "q".to_string()]);
        assert_eq!(doc.root.pointer("").unwrap().type_name(), "mapping");
    }

    fn check_spans(node: &Node, text: &str) {
        assert!(node.span.start <= node.span.end && node.span.end <= text.len());
        assert!(text.is_char_boundary(node.span.start));
        assert!(node.span.line >= 1 && node.span.column >= 1);
        match &node.value {
            Value::Seq(items) => items.iter().for_each(|n| check_spans(n, text)),
            Value::Map(entries) => entries.iter().for_each(|e| {
                check_spans(&e.key, text);
                check_spans(&e.value, text);
            }),
            _ => {}
        }
    }

    proptest::proptest! {
        /// Arbitrary text never panics; every span it yields is in bounds.
        #[test]
        fn never_panics_and_spans_stay_in_bounds(
            text in "[a-z:{}\\[\\],&*!|>'\"#\n -]{0,80}"
        ) {
            if let Ok(doc) = parse(&text, &Limits::default()) {
                check_spans(&doc.root, &text);
            }
        }
    }

    #[test]
    fn merge_keys_add_entries_own_keys_win() {
        let text = "base: &b {a: 1, b: 2}\nmore: &m {b: 9, c: 3}\nx:\n  <<: [*b, *m]\n  a: 0\n'<<': kept\ny:\n  '<<': *b\n";
        let doc = p(text);
        assert_eq!(
            doc.root.get("x").unwrap().to_json(),
            json!({"a": 0, "b": 2, "c": 3})
        );
        // Quoted `<<` is an ordinary key.
        assert_eq!(
            doc.root.get("y").unwrap().to_json(),
            json!({"<<": {"a": 1, "b": 2}})
        );
        assert_eq!(doc.root.get("<<").unwrap().to_json(), json!("kept"));
        // Merged entries keep their source positions (the alias's for its root).
        let b = doc.root.pointer("/x/b").unwrap();
        assert_eq!(b.span.line, 1);
    }

    fn j(text: &str) -> Document {
        parse_jackson(text, &Limits::default()).unwrap()
    }

    /// Every example of VALIDATOR.md §1.2 (YAML 1.1 values, as the platform
    /// reads them; keys are never resolved).
    #[test]
    fn jackson_values_follow_yaml_1_1() {
        let cases: &[(&str, Value)] = &[
            ("~", Value::Null),
            ("Null", Value::Null),
            ("", Value::Null),
            ("Off", Value::Bool(false)),
            ("yes", Value::Bool(true)),
            ("ON", Value::Bool(true)),
            ("y", Value::String("y".into())),
            ("n", Value::String("n".into())),
            ("tRUE", Value::String("tRUE".into())),
            ("yEs", Value::String("yEs".into())),
            ("0b101", Value::Int(5)),
            ("010", Value::Int(8)),
            ("0_7", Value::Int(7)),
            ("09", Value::String("09".into())),
            ("08", Value::String("08".into())),
            ("0o10", Value::String("0o10".into())),
            ("1_000", Value::Int(1000)),
            ("+5", Value::Int(5)),
            ("0x1F", Value::Int(31)),
            ("-0x1F", Value::Int(-31)),
            ("1:30", Value::String("1:30".into())),
            ("1.5", Value::Float(1.5)),
            ("1.", Value::Float(1.0)),
            ("1_000.5", Value::Float(1000.5)),
            (".5", Value::Float(0.5)),
            ("1e3", Value::Float(1000.0)),
            ("-1.5e-3", Value::Float(-0.0015)),
            ("2024-01-01", Value::String("2024-01-01".into())),
            ("2.0.0", Value::String("2.0.0".into())),
            ("!!str 5", Value::String("5".into())),
            ("!!int \"5\"", Value::Int(5)),
            ("!!bool y", Value::Bool(true)),
            ("!!null x", Value::Null),
            ("!custom 5", Value::String("5".into())),
            ("'yes'", Value::String("yes".into())),
        ];
        for (text, want) in cases {
            let doc = j(&format!("v: {text}\n"));
            assert_eq!(&doc.root.get("v").unwrap().value, want, "{text}");
        }
        assert!(matches!(
            j("v: 99999999999999999999\n").root.get("v").unwrap().value,
            Value::Float(_)
        ));
        for fatal in [".inf", "-.inf", ".NaN", "1:30.5"] {
            let err = parse_jackson(&format!("id: {fatal}\n"), &Limits::default()).unwrap_err();
            assert!(
                matches!(
                    err,
                    YamlError::Syntax {
                        line: 1,
                        column: 5,
                        ..
                    }
                ),
                "{fatal}: {err:?}"
            );
        }
        // Keys are never resolved.
        let doc = j("on: 1\n1: a\nnull: b\n~: c\n");
        let keys: Vec<&Value> = doc
            .root
            .as_map()
            .unwrap()
            .iter()
            .map(|e| &e.key.value)
            .collect();
        assert_eq!(
            keys,
            ["on", "1", "null", "~"]
                .map(|k| Value::String(k.into()))
                .iter()
                .collect::<Vec<_>>()
        );
    }

    /// VALIDATOR.md §1.1 and §1.3: aliases, merge keys, documents.
    #[test]
    fn jackson_aliases_merge_keys_and_documents() {
        let doc = j("base: &b {x: 1}\nconfig: *b\nm:\n  <<: *b\n  y: 2\n");
        assert_eq!(
            doc.root.get("config").unwrap().value,
            Value::String("b".into())
        );
        assert_eq!(
            doc.root.get("m").unwrap().to_json(),
            json!({"<<": "b", "y": 2})
        );
        let uses: Vec<(&str, &str, usize, usize)> = doc
            .aliases
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.pointer.as_str(),
                    a.span.line,
                    a.span.column,
                )
            })
            .collect();
        assert_eq!(uses, [("b", "/config", 2, 9), ("b", "/m/<<", 4, 7)]);
        assert_eq!(doc.merge_keys[0].pointer, "/m/<<");
        assert_eq!(
            (doc.merge_keys[0].span.line, doc.merge_keys[0].span.column),
            (4, 3)
        );
        // Alias and collection keys cannot be read.
        assert!(parse_jackson("a: &a k\n*a : 1\n", &Limits::default()).is_err());
        assert!(parse_jackson("? [a]\n: 1\n", &Limits::default()).is_err());
        // Only the first document is read; the next one's start is noted.
        let doc = j("a: 1\n---\nb: [\n");
        assert_eq!(doc.root.to_json(), json!({"a": 1}));
        assert_eq!(doc.later_document.map(|s| s.line), Some(2));
        // Role-like scalars keep their source text.
        let doc = j("r: 007\nh: 0x1F\n");
        assert_eq!(doc.root.get("r").unwrap().raw.as_deref(), Some("007"));
        assert_eq!(doc.root.get("h").unwrap().raw.as_deref(), Some("0x1F"));
        // A BOM and CRLF line ends are accepted.
        assert_eq!(
            j("\u{feff}a: 1\r\nb: 2\r\n").root.to_json(),
            json!({"a": 1, "b": 2})
        );
    }

    #[test]
    fn block_scalar_styles() {
        let doc = p("l: |\n  a\n  b\nf: >\n  a\n  b\n");
        assert_eq!(doc.root.get("l").unwrap().style, Some(ScalarStyle::Literal));
        assert_eq!(doc.root.get("l").unwrap().to_json(), json!("a\nb\n"));
        assert_eq!(doc.root.get("f").unwrap().style, Some(ScalarStyle::Folded));
    }
}
