//! Property tests: generated legacy scenarios (random indentation width,
//! comments, trailing comments, quoting, CRLF, wrapper kinds, flow or block
//! edge endpoints) migrate without errors to text that parses to exactly the
//! modern shape, keeps every comment, and migrates to itself a second time.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use config_core::migrate::{plan_text, FileKind};
use config_core::source::yaml::{parse, Limits};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[derive(Debug, Clone)]
enum Identity {
    IdOnly,
    RoleOnly,
    IdAndEqualRole,
    IdAndKindRole,
}

#[derive(Debug, Clone)]
enum Wrapper {
    None,
    WorkerConfig,
    Worker,
    PocketHive,
    WorkerConfigAndWorker,
}

#[derive(Debug, Clone)]
struct Bee {
    identity: Identity,
    kind: usize,
    wrapper: Wrapper,
    /// Whether the scheduler input (without a selector) sits in the wrapper.
    input_in_wrapper: bool,
    /// Whether the wrapper repeats a direct key with the same value.
    equal_duplicate: bool,
    quote: bool,
}

#[derive(Debug, Clone)]
struct Scenario {
    width: usize,
    bees: Vec<Bee>,
    flow_edges: Vec<bool>,
    comments: Vec<bool>,
    crlf: bool,
}

const KINDS: [&str; 3] = ["generator", "processor", "moderator"];

fn bee() -> impl Strategy<Value = Bee> {
    (
        prop_oneof![
            Just(Identity::IdOnly),
            Just(Identity::RoleOnly),
            Just(Identity::IdAndEqualRole),
            Just(Identity::IdAndKindRole),
        ],
        0..KINDS.len(),
        prop_oneof![
            Just(Wrapper::None),
            Just(Wrapper::WorkerConfig),
            Just(Wrapper::Worker),
            Just(Wrapper::PocketHive),
            Just(Wrapper::WorkerConfigAndWorker),
        ],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(identity, kind, wrapper, input_in_wrapper, equal_duplicate, quote)| Bee {
                identity,
                kind,
                wrapper,
                input_in_wrapper,
                equal_duplicate,
                quote,
            },
        )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::sample::select(vec![2usize, 4]),
        prop::collection::vec(bee(), 1..4),
        prop::collection::vec(any::<bool>(), 4),
        prop::collection::vec(any::<bool>(), 120),
        any::<bool>(),
    )
        .prop_map(|(width, bees, flow_edges, comments, crlf)| Scenario {
            width,
            bees,
            flow_edges,
            comments,
            crlf,
        })
}

/// Lines of text (indent in spaces, text), and whether a comment line may
/// precede each (never inside a block scalar).
struct Out {
    lines: Vec<(usize, String, bool)>,
}

impl Out {
    fn line(&mut self, indent: usize, text: impl Into<String>) {
        self.lines.push((indent, text.into(), true));
    }
    fn raw(&mut self, indent: usize, text: impl Into<String>) {
        self.lines.push((indent, text.into(), false));
    }
}

/// Emits the legacy text and returns it with the JSON of the expected
/// modern document and the number of comments written.
fn render(s: &Scenario) -> (String, Value, usize) {
    let w = s.width;
    let mut out = Out { lines: Vec::new() };
    out.line(0, "protocolVersion: \"2.0.0\"");
    out.line(0, "id: generated");
    out.line(0, "template:");
    out.line(w, "bees:");
    let mut bees_json = Vec::new();
    for (i, bee) in s.bees.iter().enumerate() {
        let name = format!("b{i}");
        let kind = KINDS[bee.kind];
        let item = 2 * w; // the dash column
        let key = item + 2;
        let value = |v: &str| {
            if bee.quote {
                format!("\"{v}\"")
            } else {
                v.to_string()
            }
        };
        let mut first = true;
        let mut field = |out: &mut Out, text: String| {
            if first {
                out.line(item, format!("- {text}"));
                first = false;
            } else {
                out.line(key, text);
            }
        };
        match bee.identity {
            Identity::IdOnly => field(&mut out, format!("id: {}", value(&name))),
            Identity::RoleOnly => field(&mut out, format!("role: {}", value(&name))),
            Identity::IdAndEqualRole => {
                field(&mut out, format!("id: {}  # legacy", value(&name)));
                field(&mut out, format!("role: {name}"));
            }
            Identity::IdAndKindRole => {
                field(&mut out, format!("role: {kind}"));
                field(&mut out, format!("id: {}", value(&name)));
            }
        }
        field(&mut out, format!("image: ghcr.io/acme/{kind}:0.{i}"));
        field(&mut out, "config:".to_string());
        let c = key + w; // config children
        let mut config = Map::new();
        out.line(c, "mode: fast # direct");
        config.insert("mode".into(), json!("fast"));
        let scheduler_in_config = !bee.input_in_wrapper || matches!(bee.wrapper, Wrapper::None);
        if scheduler_in_config {
            emit_inputs(&mut out, c, w);
        }
        config.insert(
            "inputs".into(),
            json!({"type": "SCHEDULER", "scheduler": {"ratePerSec": 5}}),
        );
        let wrapped = |out: &mut Out, at: usize, with_inputs: bool, tag: &str| {
            out.line(at, format!("retries{tag}: 3"));
            out.line(at, format!("script{tag}: |"));
            out.raw(at + w, "echo one");
            out.raw(at + w + 2, "echo two");
            if bee.equal_duplicate {
                out.line(at, "mode: fast");
            }
            if with_inputs {
                emit_inputs(out, at, w);
            }
        };
        let mut lifted = |tag: &str| {
            config.insert(format!("retries{tag}"), json!(3));
            config.insert(
                format!("script{tag}"),
                json!(format!("echo one\n{}echo two\n", " ".repeat(2))),
            );
        };
        let with_inputs = !scheduler_in_config;
        match bee.wrapper {
            Wrapper::None => {}
            Wrapper::WorkerConfig => {
                out.line(c, "worker:");
                out.line(c + w, "config:");
                wrapped(&mut out, c + 2 * w, with_inputs, "A");
                lifted("A");
            }
            Wrapper::Worker => {
                out.line(c, "worker:");
                wrapped(&mut out, c + w, with_inputs, "B");
                lifted("B");
            }
            Wrapper::PocketHive => {
                out.line(c, "pockethive:");
                out.line(c + w, "worker:");
                out.line(c + 2 * w, "config:");
                wrapped(&mut out, c + 3 * w, with_inputs, "C");
                lifted("C");
            }
            Wrapper::WorkerConfigAndWorker => {
                out.line(c, "worker:");
                out.line(c + w, "config:");
                wrapped(&mut out, c + 2 * w, with_inputs, "A");
                out.line(c + w, "timeoutMs: 250");
                lifted("A");
                config.insert("timeoutMs".into(), json!(250));
            }
        }
        out.line(c, "tail: end");
        config.insert("tail".into(), json!("end"));
        bees_json.push(json!({
            "role": name,
            "image": format!("ghcr.io/acme/{kind}:0.{i}"),
            "config": Value::Object(config),
        }));
    }
    out.line(0, "topology:");
    out.line(w, "edges:");
    let mut edges_json = Vec::new();
    for i in 1..s.bees.len() {
        let (from, to) = (format!("b{}", i - 1), format!("b{i}"));
        out.line(2 * w, format!("- id: e{i}"));
        if s.flow_edges[i] {
            out.line(2 * w + 2, format!("from: {{ beeId: {from}, port: out }}"));
            out.line(
                2 * w + 2,
                format!("to: {{port: in, role: {to}, beeId: {to}}}"),
            );
        } else {
            out.line(2 * w + 2, "from:");
            out.line(2 * w + 2 + w, format!("beeId: {from} # legacy"));
            out.line(2 * w + 2 + w, "port: out");
            out.line(2 * w + 2, "to:");
            out.line(2 * w + 2 + w, "port: in");
            out.line(2 * w + 2 + w, format!("beeId: {to}"));
        }
        edges_json.push(json!({
            "id": format!("e{i}"),
            "from": {"role": from, "port": "out"},
            "to": {"role": to, "port": "in"},
        }));
    }
    let expected = json!({
        "protocolVersion": "2.0.0",
        "id": "generated",
        "template": {"bees": bees_json},
        "topology": {"edges": if edges_json.is_empty() { Value::Null } else { Value::Array(edges_json) }},
    });
    let ending = if s.crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    let mut comments = 0;
    for (n, (indent, line, may_comment)) in out.lines.iter().enumerate() {
        if *may_comment && s.comments.get(n).copied().unwrap_or(false) {
            text.push_str(&format!("{}# note {n}{ending}", " ".repeat(*indent)));
            comments += 1;
        }
        text.push_str(&format!("{}{line}{ending}", " ".repeat(*indent)));
    }
    (text, expected, comments)
}

fn emit_inputs(out: &mut Out, at: usize, w: usize) {
    out.line(at, "inputs:");
    out.line(at + w, "scheduler:");
    out.line(at + 2 * w, "ratePerSec: 5");
}

/// Drops keys the expectation does not model (`ports`, `work`, ...), so the
/// comparison is about the migrated shape.
fn normalise(mut doc: Value) -> Value {
    if let Some(bees) = doc
        .pointer_mut("/template/bees")
        .and_then(Value::as_array_mut)
    {
        for bee in bees {
            if let Some(map) = bee.as_object_mut() {
                map.retain(|k, _| matches!(k.as_str(), "role" | "image" | "config"));
            }
        }
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn legacy_scenarios_migrate_to_the_modern_shape(s in scenario()) {
        let (text, expected, comments) = render(&s);
        let plan = plan_text(FileKind::Scenario, &text);
        prop_assert!(!plan.has_errors(), "{:#?}\n{text}", plan.problems);
        let migrated = plan.migrated(&text).unwrap_or_else(|| text.clone());
        let doc = parse(&migrated, &Limits::default());
        prop_assert!(doc.is_ok(), "does not parse:\n{migrated}");
        let json = normalise(doc.unwrap().root.to_json());
        prop_assert_eq!(&json, &expected, "\n{}", migrated);
        // Comments survive (the one on a dropped `id` line excepted).
        let dropped = s.bees.iter().filter(|b| matches!(b.identity, Identity::IdAndEqualRole)).count();
        prop_assert_eq!(migrated.matches("# note").count(), comments);
        prop_assert!(migrated.matches("# legacy").count() + dropped >= text.matches("# legacy").count());
        // Line endings are kept: no bare LF in a CRLF file.
        if s.crlf {
            prop_assert_eq!(migrated.matches('\n').count(), migrated.matches("\r\n").count());
        }
        let again = plan_text(FileKind::Scenario, &migrated);
        prop_assert!(!again.would_change() && !again.has_errors(), "second run: {:#?}", again);
    }
}
