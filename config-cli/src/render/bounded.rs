//! Bounded JSON documents: what `plan` and `patch` print, kept under the
//! output budget of issue 17 (under 1 MiB per file at the default budgets).
//!
//! Their output is the input transformed (a bee's config, a merged config),
//! so a hostile file of 90,000 keys would print them all. Here a document
//! keeps at most [`Bounds::entries`] entries per map or list, at most
//! [`Bounds::chars`] characters per string, and stops adding values once
//! its pretty-printed size reaches about [`Bounds::bytes`]. Every cut leaves
//! a marker where it happened (a `"..."` key, a `"... N more items not
//! shown"` list item, a string ending in `... (N bytes in all)`), and the
//! command says on stderr how much it cut, so a shortened document never
//! passes for a whole one. The verdict (exit status, findings) is decided
//! on the whole document before it is shortened.

use serde_json::{Map, Value};

/// How much of a document is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Most entries kept per map or list.
    pub entries: usize,
    /// Most characters kept per string.
    pub chars: usize,
    /// About how many bytes of pretty-printed JSON are kept in all.
    pub bytes: usize,
}

/// The bounds of `plan` and `patch`: far above any real config, and with the
/// markers and indentation still under 1 MiB.
pub const DEFAULT: Bounds = Bounds {
    entries: 1000,
    chars: 8192,
    bytes: 768 * 1024,
};

/// The marker key of a map with entries cut (another `.` is added while the
/// map already holds that key).
const MARKER: &str = "...";

/// What [`bound`] cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cut {
    /// Map entries and list items not shown (each counted once, however
    /// much it held).
    pub entries: usize,
    /// Strings shortened.
    pub strings: usize,
}

impl Cut {
    /// Whether nothing was cut.
    pub fn is_empty(&self) -> bool {
        self.entries == 0 && self.strings == 0
    }

    /// The note printed on stderr when something was cut.
    pub fn note(&self, bounds: Bounds, what: &str) -> String {
        format!(
            "{what} shortened to stay under 1 MiB: {} map entries or list items not shown \
             (marked \"{MARKER}\") and {} strings cut, at most {} entries per map or list, \
             {} characters per string and about {} KiB in all; it was checked whole",
            self.entries,
            self.strings,
            bounds.entries,
            bounds.chars,
            bounds.bytes / 1024
        )
    }
}

/// Shortens `document` in place to `bounds`: the top-level keys named in
/// `first` are visited first (they get the budget before the rest), the
/// rest in order; the order of keys is kept.
pub fn bound(document: &mut Value, first: &[&str], bounds: Bounds) -> Cut {
    let mut walk = Walk {
        bounds,
        left: bounds.bytes,
        cut: Cut::default(),
    };
    match document {
        Value::Object(map) => walk.map(map, 0, first),
        other => walk.value(other, 0),
    }
    walk.cut
}

/// One pass over a document, with the budget left.
struct Walk {
    bounds: Bounds,
    left: usize,
    cut: Cut,
}

impl Walk {
    fn charge(&mut self, bytes: usize) {
        self.left = self.left.saturating_sub(bytes);
    }

    /// Bounds `value` at nesting `depth` (its indentation is charged).
    fn value(&mut self, value: &mut Value, depth: usize) {
        match value {
            Value::Object(map) => self.map(map, depth, &[]),
            Value::Array(items) => self.list(items, depth),
            Value::String(text) => {
                self.string(text);
                self.charge(json_len(text) + 2);
            }
            Value::Number(n) => self.charge(n.to_string().len()),
            Value::Bool(_) | Value::Null => self.charge(5),
        }
    }

    fn string(&mut self, text: &mut String) {
        if let Some((at, _)) = text.char_indices().nth(self.bounds.chars) {
            let all = text.len();
            text.truncate(at);
            text.push_str(&format!("... ({all} bytes in all)"));
            self.cut.strings += 1;
        }
    }

    /// Bounds a map; its keys named in `first` are walked before the rest
    /// (and always kept).
    fn map(&mut self, map: &mut Map<String, Value>, depth: usize, first: &[&str]) {
        let indent = 2 * (depth + 1);
        for key in first {
            if let Some(value) = map.get_mut(*key) {
                self.charge(indent + json_len(key) + 6);
                self.value(value, depth + 1);
            }
        }
        let mut kept = Map::new();
        let mut cut = 0usize;
        for (key, mut value) in std::mem::take(map) {
            if first.contains(&key.as_str()) {
                kept.insert(key, value);
                continue;
            }
            if kept.len() >= self.bounds.entries || self.left == 0 {
                cut += 1;
                continue;
            }
            self.charge(indent + json_len(&key) + 6);
            self.value(&mut value, depth + 1);
            kept.insert(key, value);
        }
        if cut > 0 {
            self.cut.entries += cut;
            let mut marker = MARKER.to_string();
            while kept.contains_key(&marker) {
                marker.push('.');
            }
            self.charge(indent + 40);
            kept.insert(
                marker,
                Value::String(format!("{cut} more entries not shown")),
            );
        }
        *map = kept;
    }

    fn list(&mut self, items: &mut Vec<Value>, depth: usize) {
        let indent = 2 * (depth + 1);
        let mut shown = 0usize;
        for item in items.iter_mut() {
            if shown >= self.bounds.entries || self.left == 0 {
                break;
            }
            self.charge(indent + 2);
            self.value(item, depth + 1);
            shown += 1;
        }
        let cut = items.len() - shown;
        if cut > 0 {
            items.truncate(shown);
            self.cut.entries += cut;
            self.charge(indent + 40);
            items.push(Value::String(format!("... {cut} more items not shown")));
        }
    }
}

/// The length of `text` as a JSON string body (escapes included).
fn json_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    const SMALL: Bounds = Bounds {
        entries: 3,
        chars: 10,
        bytes: 1 << 20,
    };

    #[test]
    fn lists_and_strings_are_cut_with_markers() {
        let bounds = Bounds {
            entries: 2,
            chars: 3,
            bytes: 1 << 20,
        };
        let mut doc = json!({"a": [1, 2, 3, 4], "b": "abcdef"});
        let cut = bound(&mut doc, &[], bounds);
        assert_eq!(
            doc,
            json!({"a": [1, 2, "... 2 more items not shown"], "b": "abc... (6 bytes in all)"})
        );
        assert_eq!((cut.entries, cut.strings), (2, 1));
    }

    #[test]
    fn a_small_document_is_untouched() {
        let original = json!({"bees": [{"config": {"a": 1, "b": "x"}}], "findings": []});
        let mut doc = original.clone();
        assert!(bound(&mut doc, &["findings"], SMALL).is_empty());
        assert_eq!(doc, original);
    }

    #[test]
    fn big_maps_keep_their_first_entries_and_a_marker() {
        let mut map = Map::new();
        for i in 0..10 {
            map.insert(format!("k{i}"), json!(i));
        }
        map.insert("...".into(), json!("a user key"));
        let mut doc = json!({"config": map});
        let cut = bound(&mut doc, &[], SMALL);
        assert_eq!(cut.entries, 8);
        assert_eq!(
            doc,
            json!({"config": {"k0": 0, "k1": 1, "k2": 2, "...": "8 more entries not shown"}})
        );
    }

    #[test]
    fn the_marker_never_overwrites_a_kept_key() {
        let mut doc = json!({"c": {"...": 1, "b": 2, "c": 3, "d": 4}});
        bound(&mut doc, &[], SMALL);
        assert_eq!(doc["c"]["..."], 1);
        assert_eq!(doc["c"]["...."], "1 more entries not shown");
    }

    #[test]
    fn the_byte_budget_bounds_many_small_maps_and_first_keys_go_first() {
        let bees: Vec<Value> = (0..500)
            .map(|i| json!({"role": format!("bee-{i}"), "config": {"a": 1, "b": 2, "c": 3}}))
            .collect();
        let mut doc = json!({"bees": bees, "findings": [{"code": "PH120"}]});
        let bounds = Bounds {
            entries: 1000,
            chars: 100,
            bytes: 4096,
        };
        let cut = bound(&mut doc, &["findings"], bounds);
        assert!(cut.entries > 400, "{cut:?}");
        assert_eq!(doc["findings"][0]["code"], "PH120");
        let printed = serde_json::to_string_pretty(&doc).unwrap();
        assert!(printed.len() < 2 * 4096, "{}", printed.len());
        assert!(printed.contains("more items not shown"));
        // The order of the top-level keys is kept.
        assert!(printed.find("\"bees\"") < printed.find("\"findings\""));
    }

    #[test]
    fn long_strings_are_cut_on_a_character_boundary() {
        let mut doc = json!(["é".repeat(20)]);
        let cut = bound(&mut doc, &[], SMALL);
        assert_eq!(cut.strings, 1);
        assert_eq!(doc[0], format!("{}... (40 bytes in all)", "é".repeat(10)));
    }

    #[test]
    fn the_note_says_what_was_cut() {
        let cut = Cut {
            entries: 5,
            strings: 1,
        };
        let note = cut.note(DEFAULT, "the plan");
        assert!(note.starts_with(
            "the plan shortened to stay under 1 MiB: 5 map entries or list items not shown"
        ));
        assert!(note.ends_with("it was checked whole"));
    }
}
