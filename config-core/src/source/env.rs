//! Layered raw values: an injected environment map, a `.env`-style file, and
//! a convenience that reads the real process environment.
//!
//! Nothing here knows about KTRDR: a [`Sources`] is a stack of [`Layer`]s,
//! lowest first, each a map from variable name to [`RawValue`] (string value
//! plus [`Provenance`]). Settings domains ask for a field under an ordered
//! list of names (new name first, then deprecated ones) with
//! [`Sources::resolve`].
//!
//! ```
//! use config_core::source::env::{Layer, Sources};
//! let mut sources = Sources::new();
//! sources.push(Layer::from_dotenv_text(".env.local", "A=file\nB=file\n").0);
//! sources.push(Layer::from_env([("A", "env")]));
//! assert_eq!(sources.get("A").unwrap().value, "env");
//! assert_eq!(sources.get("B").unwrap().provenance.to_string(), "file:.env.local:2");
//! ```

use crate::provenance::Provenance;
use crate::source::dotenv::{self, LineError};
use crate::source::read::{self, ReadError};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

/// One raw value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawValue {
    /// The variable name it was read under.
    pub name: String,
    /// The value, verbatim (empty when [`Self::not_utf8`]).
    pub value: String,
    /// Where it came from.
    pub provenance: Provenance,
    /// The variable is set, but its value is not UTF-8 text (only the
    /// process environment can hold such bytes). The bytes are dropped, never
    /// shown; the settings loader reports the variable as an error instead
    /// of falling back to a default or a deprecated name.
    pub not_utf8: bool,
}

impl RawValue {
    /// A value read under `name` from `provenance`.
    pub fn new(name: impl Into<String>, value: impl Into<String>, provenance: Provenance) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            provenance,
            not_utf8: false,
        }
    }

    /// The value as text, or `None` when the variable holds bytes that are
    /// not UTF-8.
    pub fn text(&self) -> Option<&str> {
        (!self.not_utf8).then_some(self.value.as_str())
    }
}

/// Names to positions in a layer's values. foldhash, not SipHash: every field of every domain is
/// looked up in every layer at each start, and hashing was a tenth of
/// `validate_all`; it stays randomly seeded, so crafted names in an
/// untrusted env file cannot pick collisions in advance.
type Index = HashMap<String, usize, foldhash::fast::RandomState>;

/// What kind of source a layer is: the KTRDR service reads some of its
/// settings from the process environment only (the API client, the gate
/// switches), so the loader must tell the layers apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// The process environment (or an injected one).
    #[default]
    Env,
    /// A `.env`-style file (`.env.local`).
    EnvFile,
    /// Any other file (a YAML settings file).
    Other,
}

/// One source: a map of names to values.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// Each name's value, stored once (a later entry under the same name
    /// replaces it in place); both indexes point here.
    entries: Vec<RawValue>,
    /// Exact name to entry.
    values: Index,
    /// The same values under their Unicode-lower-cased names; of case
    /// variants of one name, the later one (in the environment block or the
    /// file) wins, as pydantic-settings' case-insensitive reading does.
    folded: Index,
    origin: Origin,
}

/// One environment variable as a layer entry; `None` is a value that is
/// not UTF-8 (kept as set but unreadable).
fn env_entry(name: String, value: Option<String>) -> (String, RawValue) {
    let provenance = Provenance::env(name.clone());
    let raw = match value {
        Some(value) => RawValue::new(name.clone(), value, provenance),
        None => RawValue {
            not_utf8: true,
            ..RawValue::new(name.clone(), "", provenance)
        },
    };
    (name, raw)
}

impl Layer {
    /// A layer from an environment map (process env or an injected one).
    pub fn from_env<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self::from_entries(
            vars.into_iter()
                .map(|(k, v)| env_entry(k.into(), Some(v.into()))),
            Origin::Env,
        )
    }

    /// A layer from entries in source order (a later entry wins).
    fn from_entries(entries: impl IntoIterator<Item = (String, RawValue)>, origin: Origin) -> Self {
        let entries = entries.into_iter();
        let capacity = entries.size_hint().0;
        let mut layer = Self {
            entries: Vec::with_capacity(capacity),
            values: Index::with_capacity_and_hasher(capacity, Default::default()),
            folded: Index::with_capacity_and_hasher(capacity, Default::default()),
            origin,
        };
        for (key, raw) in entries {
            let folded = fold_name(&key);
            let at = match layer.values.entry(key) {
                Entry::Occupied(slot) => {
                    let at = *slot.get();
                    if let Some(entry) = layer.entries.get_mut(at) {
                        *entry = raw;
                    }
                    at
                }
                Entry::Vacant(slot) => {
                    let at = layer.entries.len();
                    layer.entries.push(raw);
                    slot.insert(at);
                    at
                }
            };
            // The latest entry of any case variant is the one this slot
            // now holds.
            layer.folded.insert(folded, at);
        }
        layer
    }

    /// A layer from an environment of OS strings (the process environment,
    /// or an injected one in tests).
    ///
    /// A name that is not UTF-8 cannot be one a setting reads (they are all
    /// ASCII) and is skipped. A value that is not UTF-8 is kept as set but
    /// unreadable ([`RawValue::not_utf8`]): dropping it would let a default
    /// or a deprecated name silently take its place.
    pub fn from_env_os<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        Self::from_entries(
            vars.into_iter().filter_map(|(k, v)| {
                let name = k.into().into_string().ok()?;
                Some(env_entry(name, v.into().into_string().ok()))
            }),
            Origin::Env,
        )
    }

    /// A layer from the text of a `.env`-style file (lexed by
    /// [`dotenv::parse`]). A key given twice keeps its last value, as every
    /// dotenv reader does. Unreadable lines are returned, never dropped.
    pub fn from_dotenv_text(path: impl Into<PathBuf>, text: &str) -> (Self, Vec<LineError>) {
        Self::from_dotenv_text_with(path, text, |_| None, true)
    }

    /// [`Self::from_dotenv_text`] with `${VAR}` lookups into `env` (exact
    /// names); `file_wins` as in [`dotenv::expand`] (`true` for
    /// `.env.local`, `false` for a `.env` loaded into the environment).
    pub fn from_dotenv_text_with(
        path: impl Into<PathBuf>,
        text: &str,
        env: impl Fn(&str) -> Option<String>,
        file_wins: bool,
    ) -> (Self, Vec<LineError>) {
        let path = path.into();
        let parsed = dotenv::parse(text);
        let entries = dotenv::expand(&parsed, env, file_wins);
        let entries = entries.into_iter().map(|entry| {
            let provenance = Provenance::file(path.clone(), entry.line);
            let raw = RawValue::new(entry.key.clone(), entry.value, provenance);
            (entry.key, raw)
        });
        (
            Self::from_entries(entries, Origin::EnvFile),
            parsed.errors.clone(),
        )
    }

    /// A layer from `(lookup key, value)` pairs, e.g. a YAML file flattened
    /// under relaxed names ([`crate::source::yaml_layer`]). A key given twice
    /// keeps its last value.
    pub fn from_values<I>(values: I) -> Self
    where
        I: IntoIterator<Item = (String, RawValue)>,
    {
        Self::from_entries(values, Origin::Other)
    }

    /// What kind of source this layer is.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The value under this name in any case (names compared after
    /// Unicode lower-casing, as Python's `str.lower()` does).
    pub fn get_folded(&self, name: &str) -> Option<&RawValue> {
        self.get_lower_cased(&fold_name(name))
    }

    /// The value under `folded`, a name already lower-cased by
    /// [`fold_name`] (a caller asking for the same name in every layer
    /// folds it once).
    pub fn get_lower_cased(&self, folded: &str) -> Option<&RawValue> {
        self.entry(self.folded.get(folded))
    }

    fn entry(&self, at: Option<&usize>) -> Option<&RawValue> {
        at.and_then(|&at| self.entries.get(at))
    }

    /// Every value under its lower-cased name (case variants merged, the
    /// later one kept), in no particular order.
    pub fn folded_values(&self) -> impl Iterator<Item = (&String, &RawValue)> {
        self.folded
            .iter()
            .filter_map(|(name, &at)| Some((name, self.entries.get(at)?)))
    }

    /// The value under exactly this name.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.entry(self.values.get(name))
    }

    /// Every value of the layer, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &RawValue> {
        self.entries.iter()
    }

    /// How many names this layer holds.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the layer holds no names.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Reads an env file; `None` when an optional one is missing.
fn read_env_file(file: &EnvFile) -> Result<Option<(PathBuf, String)>, SourceError> {
    let (path, required) = match file {
        EnvFile::None => return Ok(None),
        EnvFile::Optional(path) => (path, false),
        EnvFile::Required(path) => (path, true),
    };
    match read::read_text(path, read::DEFAULT_MAX_BYTES) {
        Ok(text) => Ok(Some((path.clone(), text))),
        Err(ReadError::NotFound { .. }) if !required => Ok(None),
        Err(ReadError::NotFound { .. }) => Err(SourceError::NotFound { path: path.clone() }),
        Err(ReadError::Io { source, .. }) => Err(SourceError::Unreadable {
            path: path.clone(),
            source,
        }),
        Err(reason) => Err(SourceError::Rejected { reason }),
    }
}

/// A variable name as the KTRDR service compares it: Unicode lower case
/// (pydantic-settings lower-cases both sides when `case_sensitive` is off).
pub fn fold_name(name: &str) -> String {
    // The same result for ASCII (every variable a setting reads), faster.
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
    }
}

/// Which `.env`-style file to read below the process environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvFile {
    /// No file.
    None,
    /// Read it if it exists (the default `.env.local` in the working directory).
    Optional(PathBuf),
    /// The user named it: a missing file is an error.
    Required(PathBuf),
}

impl EnvFile {
    /// `.env.local` in the working directory, read if present.
    pub fn default_local() -> Self {
        EnvFile::Optional(PathBuf::from(".env.local"))
    }
}

/// Which YAML settings file (`application.yml`) to read below the
/// environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigFile {
    /// No file.
    None,
    /// Read it if it exists.
    Optional(PathBuf),
    /// The user named it: a missing file is an error.
    Required(PathBuf),
}

/// A problem at a position of a settings file (YAML syntax, duplicate key,
/// unresolved placeholder). Messages never hold a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Stable code: `yaml-syntax`, `yaml-duplicate-key`, `yaml-not-a-mapping`
    /// or `unresolved-placeholder`.
    pub code: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// A file-level problem with the `.env`-style or YAML settings file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A required file does not exist.
    #[error("env file '{}' does not exist; fix: check the path given to --env-file", path.display())]
    NotFound {
        /// The file.
        path: PathBuf,
    },
    /// A required YAML settings file does not exist.
    #[error("config file '{}' does not exist; fix: check the path given to --config", path.display())]
    ConfigNotFound {
        /// The file.
        path: PathBuf,
    },
    /// The YAML settings file exists but cannot be read (permissions, I/O).
    #[error("config file '{}' cannot be read: {source}; fix: make it a readable UTF-8 text file", path.display())]
    ConfigUnreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The YAML settings file is a directory, a dangling link, over the
    /// size budget ([`read::DEFAULT_MAX_BYTES`]) or not UTF-8 text.
    #[error(
        "config file {reason}; fix: point --config at a readable UTF-8 text file of at most {} bytes",
        read::DEFAULT_MAX_BYTES
    )]
    ConfigRejected {
        /// Why (names the path; never quotes the content).
        reason: ReadError,
    },
    /// The env file is a directory, a dangling link, over the size budget
    /// ([`read::DEFAULT_MAX_BYTES`]) or not UTF-8 text.
    #[error(
        "env file {reason}; fix: point it at a readable UTF-8 text file of at most {} bytes",
        read::DEFAULT_MAX_BYTES
    )]
    Rejected {
        /// Why (names the path; never quotes the content).
        reason: ReadError,
    },
    /// The file exists but cannot be read (permissions, I/O).
    #[error("env file '{}' cannot be read: {source}; fix: make it a readable UTF-8 text file", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// A line of the env file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLineError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with the line (names the line, never echoes a value).
    pub error: LineError,
}

/// Every layer, lowest first, plus the unreadable lines of file layers.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Shared: a loader reading the sources another way (names in any
    /// case, another value syntax) clones them, and must not copy every
    /// value to do so.
    layers: Arc<Vec<Layer>>,
    line_errors: Vec<FileLineError>,
    file_errors: Vec<FileError>,
    /// [`Self::resolve`] matches names in any case.
    case_insensitive: bool,
    /// How settings read raw strings from these sources.
    value_syntax: crate::settings::parse::ValueSyntax,
}

/// The result of asking for one field under several names.
#[derive(Debug, Clone, Default)]
pub struct Resolution<'a> {
    /// The value that wins, if any name is set anywhere.
    pub chosen: Option<&'a RawValue>,
    /// Every other value found under any of the names, highest source first.
    pub shadowed: Vec<&'a RawValue>,
}

impl Sources {
    /// No layers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a layer above the existing ones.
    pub fn push(&mut self, layer: Layer) {
        Arc::make_mut(&mut self.layers).push(layer);
    }

    /// `.env`-style file (if any) below an injected environment map.
    ///
    /// The usual way to build sources in tests: no process state is touched.
    pub fn from_env_and_file<I, K, V>(env: I, file: &EnvFile) -> Result<Self, SourceError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self::over_file(file, Layer::from_env(env))
    }

    /// [`Self::from_env_and_file`] for an environment of OS strings: a
    /// value that is not UTF-8 is kept as an unreadable value
    /// ([`Layer::from_env_os`]), never dropped.
    pub fn from_env_os_and_file<I, K, V>(env: I, file: &EnvFile) -> Result<Self, SourceError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        Self::over_file(file, Layer::from_env_os(env))
    }

    /// The file layer (if any) with `env` above it.
    fn over_file(file: &EnvFile, env: Layer) -> Result<Self, SourceError> {
        let mut sources = Sources::new();
        sources.push(env);
        sources.push_env_file(file)?;
        Ok(sources)
    }

    /// `.env`-style file (if any) below the real process environment. A
    /// value that is not UTF-8 is kept as set but unreadable, so the loader
    /// reports it ([`Layer::from_env_os`]).
    pub fn from_process(file: &EnvFile) -> Result<Self, SourceError> {
        Self::from_env_os_and_file(std::env::vars_os(), file)
    }

    /// Reads the `.env.local`-style file layer and inserts it below every
    /// environment layer; its `${VAR}` placeholders look up its earlier
    /// lines first, then the environment (python-dotenv `dotenv_values`). A
    /// missing optional file adds nothing.
    pub fn push_env_file(&mut self, file: &EnvFile) -> Result<(), SourceError> {
        let Some((path, text)) = read_env_file(file)? else {
            return Ok(());
        };
        self.push_env_file_text(path, &text);
        Ok(())
    }

    /// [`Self::push_env_file`] for text already read (an editor buffer):
    /// its unreadable lines are kept in [`Self::line_errors`], so a report
    /// on these sources carries them as `validate` does.
    pub fn push_env_file_text(&mut self, path: impl Into<PathBuf>, text: &str) {
        let path = path.into();
        let (layer, errors) =
            Layer::from_dotenv_text_with(path.clone(), text, |name| self.env_text(name), true);
        // Below the process environment.
        let at = self.layers.iter().position(|l| l.origin == Origin::Env);
        self.insert_file_layer(path, layer, errors, at);
    }

    /// Inserts a layer read from the env file at `path` at `at` (`None`:
    /// last), keeping the file's unreadable lines.
    fn insert_file_layer(
        &mut self,
        path: PathBuf,
        layer: Layer,
        errors: Vec<LineError>,
        at: Option<usize>,
    ) {
        self.line_errors
            .extend(errors.into_iter().map(|error| FileLineError {
                path: path.clone(),
                error,
            }));
        let at = at.unwrap_or(self.layers.len());
        Arc::make_mut(&mut self.layers).insert(at, layer);
    }

    /// Reads a `.env` file as the KTRDR service loads it at import
    /// (python-dotenv `load_dotenv`, no override): its values join the
    /// process environment just below it, so they count wherever the
    /// process environment does (gate switches, the API client) and are
    /// never `.env.local` extras; its placeholders see the environment
    /// first. Push it before the `.env.local` file. A missing optional file
    /// adds nothing.
    pub fn push_dotenv_into_env(&mut self, file: &EnvFile) -> Result<(), SourceError> {
        let Some((path, text)) = read_env_file(file)? else {
            return Ok(());
        };
        let (mut layer, errors) =
            Layer::from_dotenv_text_with(path.clone(), &text, |name| self.env_text(name), false);
        layer.origin = Origin::Env;
        // Just below the highest environment layer.
        let at = self.layers.iter().rposition(|l| l.origin == Origin::Env);
        self.insert_file_layer(path, layer, errors, at);
        Ok(())
    }

    /// The text of the highest environment value under exactly `name`.
    fn env_text(&self, name: &str) -> Option<String> {
        self.get_env(name)
            .and_then(RawValue::text)
            .map(str::to_string)
    }

    /// Inserts `layer` as the LOWEST layer, with the problems found in its
    /// file (a YAML settings file: [`crate::source::yaml_layer`] adds
    /// `push_yaml_file` / `push_yaml_text` on top of this).
    pub fn push_lowest(&mut self, layer: Layer, errors: Vec<FileError>) {
        self.file_errors.extend(errors);
        Arc::make_mut(&mut self.layers).insert(0, layer);
    }

    /// Every layer, lowest first (a YAML settings file, then `.env.local`,
    /// then the environment, as pushed).
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// Problems at positions of YAML settings files, in file order.
    pub fn file_errors(&self) -> &[FileError] {
        &self.file_errors
    }

    /// Unreadable lines of the file layers, in file order.
    pub fn line_errors(&self) -> &[FileLineError] {
        &self.line_errors
    }

    /// The highest value under exactly this name.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.layers.iter().rev().find_map(|layer| layer.get(name))
    }

    /// The value under exactly this name in the highest process-environment
    /// layer, ignoring every file (how the KTRDR service reads its gate
    /// switches: `os.environ`, exact name).
    pub fn get_env(&self, name: &str) -> Option<&RawValue> {
        self.layers
            .iter()
            .rev()
            .filter(|layer| layer.origin == Origin::Env)
            .find_map(|layer| layer.get(name))
    }

    /// These sources with [`Self::resolve`] matching names in any case.
    pub fn case_insensitive(mut self) -> Self {
        self.case_insensitive = true;
        self
    }

    /// These sources with values read by `syntax`.
    pub fn with_value_syntax(mut self, syntax: crate::settings::parse::ValueSyntax) -> Self {
        self.value_syntax = syntax;
        self
    }

    /// How settings read raw strings from these sources.
    pub fn value_syntax(&self) -> crate::settings::parse::ValueSyntax {
        self.value_syntax
    }

    /// Whether [`Self::resolve`] matches names in any case.
    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    /// These sources without their `.env`-style file layers (a settings
    /// class that reads only the process environment).
    pub fn without_env_files(&self) -> Self {
        Self {
            layers: Arc::new(
                self.layers
                    .iter()
                    .filter(|layer| layer.origin != Origin::EnvFile)
                    .cloned()
                    .collect(),
            ),
            line_errors: Vec::new(),
            file_errors: self.file_errors.clone(),
            case_insensitive: self.case_insensitive,
            value_syntax: self.value_syntax,
        }
    }

    /// Resolves one field known under `names`, in priority order (the new
    /// name first, then deprecated ones).
    ///
    /// A higher source beats every name of a lower one; within one source,
    /// an earlier name beats a later one.
    pub fn resolve<'a>(&'a self, names: &[&str]) -> Resolution<'a> {
        if self.case_insensitive {
            // Fold each name once, not once per layer.
            let folded: Vec<String> = names.iter().map(|name| fold_name(name)).collect();
            self.resolve_with(&folded, Layer::get_lower_cased)
        } else {
            self.resolve_with(names, Layer::get)
        }
    }

    /// [`Self::resolve`] for names given both as written and already
    /// lower-cased by [`fold_name`] (a caller that resolves the same names
    /// often folds them once): `folded` is used when these sources match
    /// names in any case, `names` otherwise.
    pub fn resolve_folded<'a>(&'a self, names: &[&str], folded: &[&str]) -> Resolution<'a> {
        if self.case_insensitive {
            self.resolve_with(folded, Layer::get_lower_cased)
        } else {
            self.resolve_with(names, Layer::get)
        }
    }

    fn resolve_with<'a, N: AsRef<str>>(
        &'a self,
        names: &[N],
        get: impl Fn(&'a Layer, &str) -> Option<&'a RawValue>,
    ) -> Resolution<'a> {
        let mut resolution = Resolution::default();
        for layer in self.layers.iter().rev() {
            for name in names {
                if let Some(raw) = get(layer, name.as_ref()) {
                    if resolution.chosen.is_none() {
                        resolution.chosen = Some(raw);
                    } else {
                        resolution.shadowed.push(raw);
                    }
                }
            }
        }
        resolution
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn two_layers(file: &str, env: &[(&str, &str)]) -> Sources {
        let mut s = Sources::new();
        s.push(Layer::from_dotenv_text(".env.local", file).0);
        s.push(Layer::from_env(env.iter().copied()));
        s
    }

    #[test]
    fn new_name_beats_old_within_one_source() {
        let s = two_layers("", &[("OLD", "1"), ("NEW", "2")]);
        let r = s.resolve(&["NEW", "OLD"]);
        assert_eq!(r.chosen.unwrap().name, "NEW");
        assert_eq!(r.shadowed.len(), 1);
        assert_eq!(r.shadowed[0].name, "OLD");
    }

    #[test]
    fn higher_source_beats_both_names_of_lower() {
        let s = two_layers("NEW=1\nOLD=2\n", &[("OLD", "3")]);
        let r = s.resolve(&["NEW", "OLD"]);
        let chosen = r.chosen.unwrap();
        assert_eq!((chosen.name.as_str(), chosen.value.as_str()), ("OLD", "3"));
        assert_eq!(chosen.provenance, Provenance::env("OLD"));
        assert_eq!(r.shadowed.len(), 2);
    }

    #[test]
    fn file_provenance_names_the_line_and_last_duplicate_wins() {
        let s = two_layers("# c\nA=1\nA=2\n", &[]);
        let a = s.get("A").unwrap();
        assert_eq!(a.value, "2");
        assert_eq!(a.provenance.to_string(), "file:.env.local:3");
    }

    #[test]
    fn a_value_that_is_not_utf8_stays_set_but_unreadable() {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;
        let vars = [
            (OsString::from("BAD"), OsString::from_vec(vec![0xff])),
            (OsString::from("GOOD"), OsString::from("1")),
            (OsString::from_vec(vec![b'X', 0xff]), OsString::from("2")),
        ];
        let s = Sources::from_env_os_and_file(vars, &EnvFile::None).unwrap();
        let bad = s.get("BAD").unwrap();
        assert!(bad.not_utf8 && bad.text().is_none() && bad.value.is_empty());
        assert_eq!(bad.provenance, Provenance::env("BAD"));
        assert_eq!(s.get("GOOD").unwrap().text(), Some("1"));
        assert_eq!(s.layers[0].len(), 2, "a non-UTF-8 name is never read");
        // It wins over a lower source like any set value.
        let mut s = two_layers("BAD=file\n", &[]);
        s.push(Layer::from_env_os([(
            "BAD",
            OsString::from_vec(vec![0xfe]),
        )]));
        assert!(s.resolve(&["BAD"]).chosen.unwrap().not_utf8);
        // A placeholder naming it fails rather than taking its default.
        s.push_yaml_text("app.yml".into(), "ph:\n  a: ${BAD:1}\n", "ph");
        assert!(s.get("PH_A").is_none());
        let errors = s.file_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0]
            .message
            .contains("'BAD' is set but its value is not valid UTF-8"));
    }

    #[test]
    fn nothing_set_resolves_to_none() {
        let s = two_layers("", &[]);
        assert!(s.resolve(&["A", "B"]).chosen.is_none());
    }

    #[test]
    fn missing_optional_file_is_fine_missing_required_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.env");
        let env: [(&str, &str); 0] = [];
        assert!(Sources::from_env_and_file(env, &EnvFile::Optional(missing.clone())).is_ok());
        assert!(matches!(
            Sources::from_env_and_file(env, &EnvFile::Required(missing)),
            Err(SourceError::NotFound { .. })
        ));
    }

    #[test]
    fn unreadable_lines_are_kept_as_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env.local");
        std::fs::write(&path, "GOOD=1\nbad line\n").unwrap();
        let env: [(&str, &str); 0] = [];
        let s = Sources::from_env_and_file(env, &EnvFile::Required(path)).unwrap();
        assert_eq!(s.line_errors().len(), 1);
        assert_eq!(s.get("GOOD").unwrap().value, "1");
    }

    #[test]
    fn non_utf8_file_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env.local");
        std::fs::write(&path, [0xff, 0xfe, b'\n']).unwrap();
        let env: [(&str, &str); 0] = [];
        assert!(matches!(
            Sources::from_env_and_file(env, &EnvFile::Optional(path)),
            Err(SourceError::Rejected {
                reason: ReadError::NotUtf8 { offset: 0, .. }
            })
        ));
    }

    #[test]
    fn yaml_config_file_goes_through_the_bounded_reader() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Sources::new();
        let as_config = ConfigFile::Required(dir.path().to_path_buf());
        let err = s.push_yaml_file(&as_config, "pockethive").unwrap_err();
        assert!(matches!(
            err,
            SourceError::ConfigRejected {
                reason: ReadError::Directory { .. }
            }
        ));
        assert!(err.to_string().contains("fix: point --config at"), "{err}");
        let missing = dir.path().join("nope.yml");
        assert!(s
            .push_yaml_file(&ConfigFile::Optional(missing.clone()), "pockethive")
            .is_ok());
        assert!(matches!(
            s.push_yaml_file(&ConfigFile::Required(missing), "pockethive"),
            Err(SourceError::ConfigNotFound { .. })
        ));
    }
}
