//! Did-you-mean suggestions and candidate lists whose size and cost do not
//! grow with the input.
//!
//! A finding about an unknown name (an edge naming no bee, a key no schema
//! knows) helps by naming the closest known one and a few of the others.
//! Done naively, a file with thousands of names makes every such finding
//! thousands of names long and every suggestion a scan of all of them, so
//! output and time grow with the square of the file. Here a list shows at
//! most [`LIST_MAX`] names and then "and N more", and the fuzzy search is
//! only run over at most [`FUZZY_MAX`] candidates (real files have a few
//! dozen; past that, the suggestion is skipped rather than paid for).
//!
//! Example: the unit test `doc_examples::suggest`.

use std::fmt::Write as _;

/// Most names a candidate list shows before "and N more".
pub(crate) const LIST_MAX: usize = 5;

/// Most candidates a fuzzy suggestion compares against; with more, no
/// suggestion is made (the cost would grow with the file).
pub(crate) const FUZZY_MAX: usize = 512;

/// The candidate most similar to `word` (Jaro-Winkler, at least
/// `threshold`, ties to the first), or `None`. An exact match other than
/// `word` itself in another case wins. Skipped (`None`) when there are more
/// than [`FUZZY_MAX`] candidates.
///
/// Example: the unit test `doc_examples::closest`.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str], threshold: f64) -> Option<&'a str> {
    if candidates.len() > FUZZY_MAX {
        return None;
    }
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates.iter().copied().filter(|c| *c != word) {
        let score = if candidate.eq_ignore_ascii_case(word) {
            1.0
        } else {
            strsim::jaro_winkler(word, candidate)
        };
        if score >= threshold && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// At most [`LIST_MAX`] of `candidates`, comma-separated, then "and N
/// more" when there are more.
/// Costs [`LIST_MAX`] steps whatever the number of candidates.
pub(crate) fn listed<'a, I>(candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: ExactSizeIterator,
{
    let candidates = candidates.into_iter();
    let more = candidates.len().saturating_sub(LIST_MAX);
    let mut out = String::new();
    for (i, name) in candidates.take(LIST_MAX).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    if more > 0 {
        let _ = write!(out, " and {more} more");
    }
    out
}

/// `did you mean 'X'? (otherwise)` when a candidate is close enough
/// ([`closest`], threshold 0.8), else `otherwise`.
///
/// Example: the unit test `doc_examples::did_you_mean`.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str], otherwise: &str) -> String {
    match closest(word, candidates, 0.8) {
        Some(name) => format!("did you mean '{name}'? ({otherwise})"),
        None => otherwise.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn a_list_never_grows_past_the_limit() {
        let names: Vec<String> = (0..10_000).map(|i| format!("role-{i:05}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let text = listed(names.iter().copied());
        assert!(text.len() < 100, "{text}");
        assert!(text.ends_with("and 9995 more"), "{text}");
        assert_eq!(
            listed(names[..LIST_MAX].iter().copied())
                .matches(", ")
                .count(),
            LIST_MAX - 1
        );
        assert_eq!(listed([]), "");
    }

    #[test]
    fn too_many_candidates_give_no_suggestion() {
        let names: Vec<String> = (0..=FUZZY_MAX).map(|i| format!("role-{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(closest("role-1x", &names, 0.8), None);
        assert_eq!(closest("role-1x", &names[..10], 0.8), Some("role-1"));
    }

    #[test]
    fn the_word_itself_is_never_suggested() {
        assert_eq!(closest("port", &["port"], 0.5), None);
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn suggest() {
        use crate::suggest::{closest, listed};
        assert_eq!(
            closest("generatr", &["generator", "moderator"], 0.8),
            Some("generator")
        );
        assert_eq!(listed(["a", "b"]), "a, b");
        let many: Vec<String> = (0..100).map(|i| format!("bee-{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            listed(many.iter().copied()),
            "bee-0, bee-1, bee-2, bee-3, bee-4 and 95 more"
        );
    }
    #[test]
    fn closest() {
        use crate::suggest::closest;
        assert_eq!(closest("Role", &["role", "port"], 0.8), Some("role"));
        assert_eq!(closest("xyz", &["role", "port"], 0.8), None);
    }
    #[test]
    fn did_you_mean() {
        use crate::suggest::did_you_mean;
        assert_eq!(
            did_you_mean("prot", &["port"], "use port"),
            "did you mean 'port'? (use port)"
        );
        assert_eq!(did_you_mean("zzz", &["port"], "use port"), "use port");
    }
}
