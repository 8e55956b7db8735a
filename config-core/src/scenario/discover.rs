//! Finding what to check: scenario bundles, lone scenario files, and what the
//! walk skipped.
//!
//! The platform's unit is the **bundle**: a directory holding a file named
//! exactly `scenario.yaml` (VALIDATOR.md §10.1, §11 K1). Only that file is a
//! scenario descriptor; every other file under the bundle root is a bundle
//! file (templates, `variables.yaml`, `sut/…`), checked by its own rules, never
//! as a scenario. YAML outside any bundle is not a scenario. A bundle nested
//! inside another is a bundle of its own, as in the platform's catalog scan.
//!
//! Rules for command-line arguments:
//! - a directory is walked for bundles (ripgrep/fd conventions: hidden
//!   entries, ignored entries and symbolic links are skipped unless
//!   `--hidden`, `--no-ignore`, `--follow`; FIFOs, sockets and devices are
//!   never opened by a walk, only when named explicitly); these conventions
//!   steer the search for bundles only: a bundle is read whole, as the
//!   platform reads it, and a bundle nested anywhere in it is checked too;
//!   when the directory holds no bundle but sits inside one, that bundle is
//!   checked;
//! - a file inside a bundle checks its bundle (once, however many of its files
//!   are named); a file outside every bundle is checked as a scenario, so
//!   `cfgate check my.yaml` keeps working;
//! - a lone `scenario.yml` (or another spelling of `scenario.yaml`) is a
//!   finding: the platform only reads `scenario.yaml`;
//! - an argument that yields nothing to check is reported as such.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The only name the platform reads as a scenario descriptor.
pub const DESCRIPTOR: &str = "scenario.yaml";

/// A scenario bundle: a directory holding a file named exactly
/// `scenario.yaml`, with the other files under it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bundle {
    /// The bundle root: the folder of the descriptor.
    pub root: PathBuf,
    /// `<root>/scenario.yaml`.
    pub descriptor: PathBuf,
    /// Every other regular file under the root (nested bundles excluded),
    /// as the platform reads them: hidden and ignored entries included
    /// whatever the walk options (the platform walks the whole folder,
    /// SBV:2625-2628), links to directories not followed. Sorted by path.
    pub files: Vec<PathBuf>,
    /// Every folder under the root, as the same listing saw them (a nested
    /// bundle's root included, nothing under it), so rules about folders
    /// (`sut/<id>/`) read no folder again. Sorted by path.
    pub dirs: Vec<PathBuf>,
    /// Every link to a folder under the root (not entered). Sorted by path.
    pub dir_links: Vec<PathBuf>,
}

impl Bundle {
    /// The bundle rooted at `root` with no bundle files listed yet.
    fn at(root: PathBuf) -> Self {
        let descriptor = root.join(DESCRIPTOR);
        Self {
            root,
            descriptor,
            files: Vec::new(),
            dirs: Vec::new(),
            dir_links: Vec::new(),
        }
    }

    /// The bundle rooted at `root`, its files listed as the platform lists
    /// them (every regular file under it, nested bundles excluded).
    pub fn discover(root: PathBuf) -> Self {
        bundle_at(root)
    }

    /// A bundle file's path relative to the root, with `/` separators (the
    /// form the platform's findings use).
    pub fn relative(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.root).unwrap_or(file);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// An input to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input (`-`), checked as a scenario.
    Stdin,
    /// A file named on the command line that is in no bundle: checked as a
    /// scenario.
    File(PathBuf),
    /// A scenario bundle.
    Bundle(Bundle),
    /// A file the walk found that looks like a descriptor but is not named
    /// `scenario.yaml` (e.g. `scenario.yml`), with no `scenario.yaml` beside it.
    Misnamed(PathBuf),
    /// A path that does not exist or cannot be walked, with the reason.
    Missing(PathBuf, String),
    /// An argument that yielded nothing to check, with what was looked for.
    Empty(PathBuf, String),
}

/// How to walk directories (ripgrep/fd conventions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Enter hidden files and directories (names starting with `.`).
    pub hidden: bool,
    /// Do not honour `.gitignore`, `.ignore` and git excludes.
    pub no_ignore: bool,
    /// Follow symbolic links.
    pub follow: bool,
}

/// What the walk skipped, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Hidden entries (use `--hidden`).
    pub hidden: usize,
    /// Entries matched by ignore files (use `--no-ignore`).
    pub ignored: usize,
    /// Symbolic links (use `--follow`).
    pub symlinks: usize,
    /// FIFOs, sockets and devices: never opened.
    pub special: usize,
    /// YAML files outside every bundle: not scenarios.
    pub outside_bundles: usize,
}

impl Skipped {
    /// Adds another walk's counts.
    pub fn add(&mut self, other: &Skipped) {
        self.hidden += other.hidden;
        self.ignored += other.ignored;
        self.symlinks += other.symlinks;
        self.special += other.special;
        self.outside_bundles += other.outside_bundles;
    }

    /// True when nothing was skipped.
    pub fn is_empty(&self) -> bool {
        *self == Skipped::default()
    }

    /// One line saying what was skipped and how to include it, or `None`.
    ///
    /// ```
    /// use config_core::scenario::discover::Skipped;
    /// let s = Skipped { hidden: 2, symlinks: 1, ..Skipped::default() };
    /// assert_eq!(
    ///     s.describe().unwrap(),
    ///     "skipped 2 hidden entries (--hidden), 1 symbolic link (--follow)"
    /// );
    /// ```
    pub fn describe(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.hidden, "hidden entry", "hidden entries", " (--hidden)"),
            (
                self.ignored,
                "ignored entry",
                "ignored entries",
                " (--no-ignore)",
            ),
            (
                self.symlinks,
                "symbolic link",
                "symbolic links",
                " (--follow)",
            ),
            (
                self.special,
                "FIFO, socket or device",
                "FIFOs, sockets or devices",
                " (never opened)",
            ),
            (
                self.outside_bundles,
                "YAML file outside any bundle",
                "YAML files outside any bundle",
                " (not scenarios: a bundle is a folder holding scenario.yaml)",
            ),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many, why)| format!("{n} {}{why}", if n == 1 { one } else { many }))
        .collect();
        (!parts.is_empty()).then(|| format!("skipped {}", parts.join(", ")))
    }
}

/// The inputs of a run and what the walk skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// What to check, in argument order (bundles deduplicated).
    pub inputs: Vec<Input>,
    /// What directory walks skipped.
    pub skipped: Skipped,
}

/// Expands command-line paths into inputs (see the module docs).
pub fn discover(paths: &[PathBuf], options: &WalkOptions) -> Discovery {
    let mut discovery = Discovery::default();
    let mut seen_bundles: HashSet<PathBuf> = HashSet::new();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    // Bundles named by a file argument, listed after the loop on every core.
    let mut unlisted: HashSet<PathBuf> = HashSet::new();
    // Files named from one folder share the search for its bundle.
    let mut roots_of_dirs = RootsOfDirs::default();
    for path in paths {
        let mut found = Vec::new();
        let mut from_file = false;
        if path.as_os_str() == "-" {
            found.push(Input::Stdin);
        } else {
            match std::fs::metadata(path) {
                // Reading says why (missing, dangling link, permission).
                Err(_) => found.push(Input::File(path.clone())),
                Ok(meta) if meta.is_dir() => {
                    let walk = walk_dir(path, options);
                    discovery.skipped.add(&walk.skipped);
                    found.extend(walk.inputs);
                    if found.is_empty() {
                        found.push(match enclosing_bundle(path) {
                            Some(bundle) => Input::Bundle(bundle),
                            None => Input::Empty(
                                path.clone(),
                                "no scenario bundle (a folder holding a file named exactly \
                                 `scenario.yaml`) under it"
                                    .into(),
                            ),
                        });
                    }
                }
                Ok(meta) if meta.is_file() => {
                    from_file = true;
                    found.push(file_input(path, &mut roots_of_dirs));
                }
                // Named explicitly (`<(cmd)`, `/dev/stdin`): read, within the
                // size budget, as `cat` would. Walks never open these.
                Ok(_) => found.push(Input::File(path.clone())),
            }
        }
        for input in found {
            let fresh = match &input {
                Input::Bundle(b) => {
                    let fresh = seen_bundles.insert(b.root.clone());
                    if fresh && from_file {
                        unlisted.insert(b.root.clone());
                    }
                    fresh
                }
                Input::File(p) | Input::Misnamed(p) => seen_files.insert(p.clone()),
                _ => true,
            };
            if fresh {
                discovery.inputs.push(input);
            }
        }
    }
    list_bundles(&mut discovery.inputs, &unlisted);
    discovery
}

/// Lists the files of the bundles in `unlisted` ([`bundle_at`]), in parallel:
/// a run naming 2,000 `scenario.yaml` files reads 2,000 folder trees.
fn list_bundles(inputs: &mut [Input], unlisted: &HashSet<PathBuf>) {
    use rayon::prelude::*;
    if unlisted.is_empty() {
        return;
    }
    inputs.par_iter_mut().for_each(|input| {
        if let Input::Bundle(bundle) = input {
            if unlisted.contains(&bundle.root) {
                // Bundles nested in a bundle named by a file are not checked.
                let _nested = bundle.list();
            }
        }
    });
}

/// A file argument: its bundle when it is in one (its files not listed yet:
/// [`list_bundles`]), else a lone scenario.
fn file_input(path: &Path, roots_of_dirs: &mut RootsOfDirs) -> Input {
    if path.file_name().is_some_and(|n| n == DESCRIPTOR) {
        return Input::Bundle(Bundle::at(parent_dir(path)));
    }
    match roots_of_dirs.enclosing_root(path) {
        Some(root) => Input::Bundle(Bundle::at(root)),
        None => Input::File(path.to_path_buf()),
    }
}

/// The folder of `path`, `.` for a bare file name.
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The bundle of the nearest folder above `path` holding a regular
/// `scenario.yaml`, its files listed.
fn enclosing_bundle(path: &Path) -> Option<Bundle> {
    enclosing_root(path).map(bundle_at)
}

/// [`enclosing_root`] of files, remembered per folder: 2,000 files named
/// from one folder cost one search, not 2,000 (each probing every folder
/// up to `/`).
#[derive(Default)]
struct RootsOfDirs(std::collections::HashMap<PathBuf, Option<PathBuf>>);

impl RootsOfDirs {
    fn enclosing_root(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        self.0
            .entry(dir)
            .or_insert_with(|| enclosing_root(file))
            .clone()
    }
}

/// The nearest folder above `path` holding a regular `scenario.yaml`.
fn enclosing_root(path: &Path) -> Option<PathBuf> {
    ancestors_of(path).find(|dir| is_regular_file(&dir.join(DESCRIPTOR)))
}

/// The folders above `path`, nearest first: its own lexical ancestors (as
/// given, so findings keep relative paths), then, for a relative path, the
/// working directory's. A path through `..` is resolved first: its lexical
/// ancestors are not its folders (`a/../x.yaml` is not in `a`).
fn ancestors_of(path: &Path) -> Box<dyn Iterator<Item = PathBuf> + '_> {
    use std::path::Component;
    if path.components().any(|c| c == Component::ParentDir) {
        let dir = parent_dir(path);
        let resolved =
            std::fs::canonicalize(dir).map(|d| d.ancestors().map(Path::to_path_buf).collect());
        return Box::new(resolved.unwrap_or_else(|_| Vec::new()).into_iter());
    }
    let lexical = path
        .ancestors()
        .skip(1)
        // `./a.yaml` has `.` as a lexical ancestor: it comes below.
        .filter(|p| !p.as_os_str().is_empty() && p.as_os_str() != ".")
        .map(Path::to_path_buf);
    if !path.is_relative() {
        return Box::new(lexical);
    }
    // A relative path may sit in a bundle above the working directory.
    let above_cwd: Vec<PathBuf> = std::env::current_dir()
        .map(|cwd| cwd.ancestors().skip(1).map(Path::to_path_buf).collect())
        .unwrap_or_default();
    Box::new(
        lexical
            .chain(std::iter::once(PathBuf::from(".")))
            .chain(above_cwd),
    )
}

fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The bundle rooted at `root`, its files listed as the platform lists
/// them ([`Bundle::list`]).
fn bundle_at(root: PathBuf) -> Bundle {
    let mut bundle = Bundle::at(root);
    let _nested = bundle.list();
    bundle
}

impl Bundle {
    /// Lists the bundle's files and folders as the platform reads them
    /// ([`list_tree`]): walk options and ignore files play no part once the
    /// bundle is known, and no ignore matcher is built per bundle. Returns
    /// the roots of the bundles nested in it (not listed).
    fn list(&mut self) -> Listing {
        let mut listing = Listing::default();
        list_tree(&self.root, true, &mut listing);
        listing.files.sort();
        listing.dirs.sort();
        listing.dir_links.sort();
        self.files = std::mem::take(&mut listing.files);
        self.dirs = std::mem::take(&mut listing.dirs);
        self.dir_links = std::mem::take(&mut listing.dir_links);
        listing
    }
}

/// The result of walking one directory.
struct Walk {
    inputs: Vec<Input>,
    skipped: Skipped,
}

fn is_hidden_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// A file name that is meant as a descriptor but is not `scenario.yaml`.
fn is_misnamed_descriptor(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n != DESCRIPTOR
            && (n.eq_ignore_ascii_case(DESCRIPTOR) || n.eq_ignore_ascii_case("scenario.yml"))
    })
}

/// Walks `dir` for bundles and counts what was skipped. The walk stops at a
/// bundle root: the platform reads the whole bundle folder, so it is listed
/// as the platform lists it ([`walked_bundles`]), once, and the walker's
/// ignore rules never look inside it. `ignore`'s parallel walker on one
/// thread, because it drops an entry before reading it (the sequential
/// walker reads each folder it yields, bundle roots included, before they
/// can be dropped); one thread, because a second one was no faster on 10,000
/// bundles and held 4-6 MiB more.
fn walk_dir(dir: &Path, options: &WalkOptions) -> Walk {
    let mut skipped = Skipped::default();
    if holds_descriptor(dir, options.follow) {
        let inputs = walked_bundles(vec![dir.to_path_buf()], &mut skipped);
        return Walk { inputs, skipped };
    }
    let hidden_skipped = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hidden_skipped);
    let bundle_roots: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let roots_found = Arc::clone(&bundle_roots);
    let include_hidden = options.hidden;
    let follow = options.follow;
    let honour_ignores = !options.no_ignore;
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(honour_ignores)
        .git_global(honour_ignores)
        .git_exclude(honour_ignores)
        .ignore(honour_ignores)
        .parents(honour_ignores)
        // Honour .gitignore files even outside a git checkout.
        .require_git(false)
        .follow_links(follow)
        // Runs on entries the ignore files kept, before a folder is read.
        .filter_entry(move |entry| {
            let hidden = entry.depth() > 0 && is_hidden_name(entry.file_name());
            if hidden && !include_hidden {
                counter.fetch_add(1, Ordering::Relaxed);
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && holds_descriptor(entry.path(), follow) {
                if let Ok(mut roots) = roots_found.lock() {
                    roots.push(entry.path().to_path_buf());
                }
                return false;
            }
            true
        })
        .threads(1)
        .build_parallel();
    let walked: Mutex<Walked> = Mutex::default();
    walker.run(|| {
        let walked = &walked;
        Box::new(move |entry| match walked.lock() {
            Ok(mut walked) => {
                walked.record(entry, dir, honour_ignores);
                ignore::WalkState::Continue
            }
            Err(_) => ignore::WalkState::Quit,
        })
    });
    let mut walked = walked.into_inner().unwrap_or_default();
    skipped.symlinks = walked.symlinks;
    skipped.special = walked.special;
    skipped.hidden = hidden_skipped.load(Ordering::Relaxed);
    let roots = bundle_roots
        .lock()
        .map(|mut roots| std::mem::take(&mut *roots))
        .unwrap_or_default();
    if honour_ignores {
        walked.seen.extend(roots.iter().cloned());
        skipped.ignored = ignored_entries(&walked.dirs, &walked.seen, include_hidden);
    }
    let mut inputs = walked_bundles(roots, &mut skipped);
    inputs.extend(outside_bundles(walked.files, &mut skipped));
    inputs.sort();
    walked.errors.sort();
    inputs.extend(walked.errors);
    Walk { inputs, skipped }
}

/// What the walker yielded (outside bundles: it stops at their roots).
#[derive(Debug, Default)]
struct Walked {
    /// Regular files.
    files: Vec<PathBuf>,
    /// Every entry yielded, to tell ignored entries apart (with ignores).
    seen: HashSet<PathBuf>,
    /// Folders walked (with ignores).
    dirs: Vec<PathBuf>,
    /// Links not followed.
    symlinks: usize,
    /// FIFOs, sockets and devices.
    special: usize,
    /// Paths that could not be walked.
    errors: Vec<Input>,
}

impl Walked {
    fn record(
        &mut self,
        entry: Result<ignore::DirEntry, ignore::Error>,
        dir: &Path,
        honour_ignores: bool,
    ) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                self.errors
                    .push(Input::Missing(dir.to_path_buf(), err.to_string()));
                return;
            }
        };
        let Some(kind) = entry.file_type() else {
            return;
        };
        if honour_ignores {
            self.seen.insert(entry.path().to_path_buf());
        }
        if kind.is_dir() {
            if honour_ignores {
                self.dirs.push(entry.into_path());
            }
        } else if kind.is_file() {
            self.files.push(entry.into_path());
        } else if kind.is_symlink() {
            self.symlinks += 1;
        } else {
            self.special += 1;
        }
    }
}

/// Whether `dir` holds a regular `scenario.yaml` (through a link only when
/// links are followed, as the walk itself reads entries).
fn holds_descriptor(dir: &Path, follow: bool) -> bool {
    let descriptor = dir.join(DESCRIPTOR);
    let meta = if follow {
        std::fs::metadata(descriptor)
    } else {
        std::fs::symlink_metadata(descriptor)
    };
    meta.is_ok_and(|m| m.is_file())
}

/// The bundles at `roots` and every bundle nested in them, listed on every
/// core. FIFOs, sockets and devices in them count as skipped.
fn walked_bundles(roots: Vec<PathBuf>, skipped: &mut Skipped) -> Vec<Input> {
    use rayon::prelude::*;
    let mut inputs = Vec::new();
    let mut next = roots;
    while !next.is_empty() {
        let listed: Vec<(Bundle, Listing)> = next
            .into_par_iter()
            .map(|root| {
                let mut bundle = Bundle::at(root);
                let listing = bundle.list();
                (bundle, listing)
            })
            .collect();
        next = Vec::new();
        for (bundle, listing) in listed {
            skipped.special += listing.special;
            next.extend(listing.nested);
            inputs.push(Input::Bundle(bundle));
        }
    }
    inputs
}

/// Entries of the walked directories the walker did not yield (and that are
/// not hidden: those are counted apart): the ignore files excluded them. One
/// extra directory read per walked directory outside bundles, never into
/// ignored subtrees.
fn ignored_entries(dirs: &[PathBuf], seen: &HashSet<PathBuf>, include_hidden: bool) -> usize {
    use rayon::prelude::*;
    dirs.par_iter()
        .map(|dir| {
            let entries = crate::source::list::entries(dir).unwrap_or_default();
            entries
                .into_iter()
                .filter(|entry| {
                    let hidden = !include_hidden && is_hidden_name(&entry.name);
                    !hidden && !seen.contains(&dir.join(&entry.name))
                })
                .count()
        })
        .sum()
}

/// What listing a bundle's folder found.
#[derive(Debug, Default)]
struct Listing {
    /// Regular files and links to them.
    files: Vec<PathBuf>,
    /// Folders.
    dirs: Vec<PathBuf>,
    /// Links to folders.
    dir_links: Vec<PathBuf>,
    /// Roots of the bundles nested in it (their folders not listed).
    nested: Vec<PathBuf>,
    /// FIFOs, sockets and devices (never opened).
    special: usize,
}

/// Lists `dir` as the platform's `Files.walk` reads a bundle: every
/// regular file (links to files followed, links to folders not entered),
/// except inside a nested folder holding a `scenario.yaml`, which is a
/// bundle of its own. `dir` is the bundle's root (its `scenario.yaml` left
/// out) or a folder under it. Entry types come from the listing itself, so
/// a file costs no system call until it is read (links are the exception:
/// their target is looked at).
fn list_tree(dir: &Path, is_root: bool, out: &mut Listing) {
    use crate::source::list::{entries, Entry, EntryKind};
    let Ok(entries) = entries(dir) else {
        return;
    };
    let target = |entry: &Entry| std::fs::metadata(dir.join(&entry.name)).ok();
    let is_descriptor = |entry: &Entry| {
        entry.name == DESCRIPTOR
            && match entry.kind {
                EntryKind::File => true,
                EntryKind::Symlink => target(entry).is_some_and(|m| m.is_file()),
                _ => false,
            }
    };
    if !is_root && entries.iter().any(is_descriptor) {
        out.nested.push(dir.to_path_buf());
        return;
    }
    for entry in &entries {
        if is_root && entry.name == DESCRIPTOR {
            continue;
        }
        let path = dir.join(&entry.name);
        match entry.kind {
            EntryKind::Dir => {
                out.dirs.push(path.clone());
                list_tree(&path, false, out);
            }
            EntryKind::File => out.files.push(path),
            EntryKind::Symlink => match target(entry) {
                Some(m) if m.is_file() => out.files.push(path),
                Some(m) if m.is_dir() => out.dir_links.push(path),
                _ => {}
            },
            EntryKind::Special => out.special += 1,
        }
    }
}

/// Files the walk found outside every bundle: a misspelt descriptor is an
/// input of its own, other YAML is counted as skipped.
fn outside_bundles(files: Vec<PathBuf>, skipped: &mut Skipped) -> Vec<Input> {
    let mut misnamed = Vec::new();
    for file in files {
        if is_misnamed_descriptor(&file) {
            misnamed.push(Input::Misnamed(file));
        } else if is_yaml_name(&file) {
            skipped.outside_bundles += 1;
        }
    }
    misnamed
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
    use std::fs;

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x: 1\n").unwrap();
    }

    fn names(root: &Path, d: &Discovery) -> Vec<String> {
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
        d.inputs
            .iter()
            .map(|i| match i {
                Input::Bundle(b) => format!(
                    "bundle {} [{}]",
                    rel(&b.root),
                    b.files
                        .iter()
                        .map(|f| b.relative(f))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                Input::File(p) => format!("file {}", rel(p)),
                Input::Misnamed(p) => format!("misnamed {}", rel(p)),
                Input::Missing(p, _) => format!("missing {}", rel(p)),
                Input::Empty(p, _) => format!("empty {}", rel(p)),
                Input::Stdin => "stdin".into(),
            })
            .collect()
    }

    #[test]
    fn bundles_own_their_files_and_yaml_outside_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        write(root, "a/templates/t.yaml");
        write(root, "a/sut/s1/sut.yaml");
        write(root, "a/nested/scenario.yaml");
        write(root, "a/nested/variables.yaml");
        write(root, "b/scenario.yml");
        write(root, "loose.yaml");
        write(root, "notes.txt");
        let d = discover(&[root.to_path_buf()], &WalkOptions::default());
        assert_eq!(
            names(root, &d),
            [
                "bundle a [sut/s1/sut.yaml templates/t.yaml]",
                "bundle a/nested [variables.yaml]",
                "misnamed b/scenario.yml",
            ]
        );
        assert_eq!(d.skipped.outside_bundles, 1);
    }

    #[test]
    fn a_file_in_a_bundle_checks_the_bundle_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        write(root, "a/templates/t.yaml");
        write(root, "lone.yaml");
        let d = discover(
            &[
                root.join("a/templates/t.yaml"),
                root.join("a/scenario.yaml"),
                root.join("a/templates"),
                root.join("lone.yaml"),
            ],
            &WalkOptions::default(),
        );
        assert_eq!(
            names(root, &d),
            ["bundle a [templates/t.yaml]", "file lone.yaml"]
        );
    }

    #[test]
    fn a_file_named_through_dot_dot_is_in_the_folder_it_resolves_to() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        write(root, "a/t.yaml");
        write(root, "other/x.yaml");
        let d = discover(
            &[
                root.join("a/../other/x.yaml"),
                root.join("other/../a/t.yaml"),
            ],
            &WalkOptions::default(),
        );
        let [Input::File(lone), Input::Bundle(bundle)] = &d.inputs[..] else {
            panic!("{d:?}");
        };
        assert!(lone.ends_with("a/../other/x.yaml"), "{lone:?}");
        assert!(bundle.root.ends_with("a"), "{bundle:?}");
        assert_eq!(bundle.files.len(), 1, "{bundle:?}");
    }

    #[test]
    fn a_bundle_named_by_its_descriptor_lists_as_a_walk_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "a/scenario.yaml",
            "a/.hidden/h.yaml",
            "a/sut/s1/sut.yaml",
            "a/inner/scenario.yaml",
            "a/inner/templates/t.yaml",
        ] {
            write(root, rel);
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a/sut"), root.join("a/dirlink")).unwrap();
        let by_file = discover(&[root.join("a/scenario.yaml")], &WalkOptions::default());
        assert_eq!(
            names(root, &by_file),
            ["bundle a [.hidden/h.yaml sut/s1/sut.yaml]"]
        );
        let by_walk = discover(&[root.join("a")], &WalkOptions::default());
        assert_eq!(
            names(root, &by_walk),
            [
                "bundle a [.hidden/h.yaml sut/s1/sut.yaml]",
                "bundle a/inner [templates/t.yaml]"
            ]
        );
    }

    #[test]
    fn a_directory_with_nothing_to_check_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x/loose.yaml");
        let d = discover(&[dir.path().join("x")], &WalkOptions::default());
        assert!(matches!(d.inputs[..], [Input::Empty(..)]), "{d:?}");
    }

    #[test]
    fn hidden_ignored_and_symlinks_are_counted_and_flags_include_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        write(root, ".hidden/scenario.yaml");
        write(root, "ign/scenario.yaml");
        fs::write(root.join(".gitignore"), "ign/\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a"), root.join("link")).unwrap();
        let d = discover(&[root.to_path_buf()], &WalkOptions::default());
        assert_eq!(names(root, &d), ["bundle a []"]);
        // `.gitignore` and `.hidden`.
        assert_eq!(d.skipped.hidden, 2);
        assert_eq!(d.skipped.ignored, 1);
        #[cfg(unix)]
        assert_eq!(d.skipped.symlinks, 1);
        let all = WalkOptions {
            hidden: true,
            no_ignore: true,
            follow: true,
        };
        let d = discover(&[root.to_path_buf()], &all);
        let mut expected = vec!["bundle .hidden []", "bundle a []", "bundle ign []"];
        if cfg!(unix) {
            expected.push("bundle link []");
        }
        assert_eq!(names(root, &d), expected);
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
    }

    #[test]
    fn hidden_and_ignored_files_inside_a_bundle_are_its_files() {
        // The platform reads the whole bundle folder: only the search for
        // bundles honours hidden entries and ignore files.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        write(root, "a/templates/.draft.yaml");
        write(root, "a/.hidden/t.yaml");
        write(root, "a/gen/t.yaml");
        fs::write(root.join("a/.gitignore"), "gen/\n").unwrap();
        write(root, ".outside/scenario.yaml");
        let d = discover(&[root.to_path_buf()], &WalkOptions::default());
        let Input::Bundle(bundle) = &d.inputs[0] else {
            panic!("{d:?}");
        };
        let mut files: Vec<String> = bundle.files.iter().map(|f| bundle.relative(f)).collect();
        files.sort();
        assert_eq!(
            files,
            [
                ".gitignore",
                ".hidden/t.yaml",
                "gen/t.yaml",
                "templates/.draft.yaml"
            ]
        );
        assert_eq!(d.inputs.len(), 1, "{d:?}");
        // Only `.outside` was skipped.
        assert_eq!(
            (d.skipped.hidden, d.skipped.ignored),
            (1, 0),
            "{:?}",
            d.skipped
        );
    }

    #[test]
    fn a_walk_lists_each_bundle_once_with_its_folders_and_nested_bundles() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        write(root, "a/sut/s1/sut.yaml");
        write(root, "a/.drafts/inner/scenario.yaml");
        write(root, "a/.drafts/inner/variables.yaml");
        fs::create_dir_all(root.join("a/sut/empty")).unwrap();
        let d = discover(&[root.to_path_buf()], &WalkOptions::default());
        // The platform reads the whole folder: a bundle in a hidden folder
        // of a bundle is a bundle of its own, as when named by its file.
        assert_eq!(
            names(root, &d),
            [
                "bundle a [sut/s1/sut.yaml]",
                "bundle a/.drafts/inner [variables.yaml]"
            ]
        );
        let Input::Bundle(a) = &d.inputs[0] else {
            panic!("{d:?}");
        };
        let dirs: Vec<String> = a.dirs.iter().map(|p| a.relative(p)).collect();
        assert_eq!(
            dirs,
            [".drafts", ".drafts/inner", "sut", "sut/empty", "sut/s1"]
        );
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/scenario.yaml");
        let fifo = root.join("a/pipe.yaml");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let d = discover(&[root.to_path_buf()], &WalkOptions::default());
        assert_eq!(names(root, &d), ["bundle a []"]);
        assert_eq!(d.skipped.special, 1);
        // Named explicitly, it is read as a scenario (like `cat`).
        let d = discover(&[fifo], &WalkOptions::default());
        assert!(matches!(d.inputs[..], [Input::File(..)]), "{d:?}");
    }
}
