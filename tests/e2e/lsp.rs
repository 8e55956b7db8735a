//! `cfgate lsp`: protocol tests driving the real binary over stdio, with
//! exact ranges (UTF-16 columns) and edits.

use super::common::{cfgate_process, fixture, fixture_text};
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::io::BufReader;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// Long enough for a slow CI machine; only a guard against a hung server.
const GUARD: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Message>,
    next_id: i32,
}

impl Client {
    fn start() -> Self {
        Self::start_with(json!({}))
    }

    /// A client announcing `capabilities`.
    fn start_with(capabilities: Value) -> Self {
        let mut child = cfgate_process()
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(message)) = Message::read(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            incoming,
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({"capabilities": capabilities, "processId": null, "rootUri": null}),
        );
        assert_eq!(result["capabilities"]["textDocumentSync"], 1);
        assert_eq!(result["serverInfo"]["name"], "cfgate");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Message) {
        message.write(self.stdin.as_mut().unwrap()).unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params).into());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params).into());
        loop {
            match self.incoming.recv_timeout(GUARD).unwrap() {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .unwrap_or_else(|e| panic!("{method}: {e:?}"));
                }
                _ => {}
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            if let Message::Notification(n) = self.incoming.recv_timeout(GUARD).unwrap() {
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                    return n.params;
                }
            }
        }
    }

    /// The diagnostics published for `version` of `uri` (earlier versions,
    /// published when typing paused long enough, are skipped).
    fn diagnostics_of(&mut self, uri: &str, version: i32) -> Value {
        loop {
            let published = self.diagnostics(uri);
            if published["version"] == version {
                return published;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts down and returns the exit status.
    fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap()
    }
}

/// The text of the `lsp/bundle` scenario (the one [`URI`] names).
fn scenario_text() -> String {
    fixture_text("lsp/bundle/scenario.yaml")
}

const URI: &str = "file:///work/bundle/scenario.yaml";

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

/// (code, severity, range) of every diagnostic.
fn summary(params: &Value) -> Vec<(String, i64, Value)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_i64().unwrap(),
                d["range"].clone(),
            )
        })
        .collect()
}

#[test]
fn diagnostics_have_check_codes_and_exact_utf16_ranges() {
    let mut client = Client::start();
    let published = client.open(URI, &scenario_text());
    assert_eq!(published["version"], 1);
    assert_eq!(
        summary(&published),
        vec![
            ("PH111".into(), 1, range(19, 6, 8)),
            ("PH390".into(), 2, range(28, 8, 18)),
            ("PH112".into(), 1, range(32, 6, 11)),
            // Column 64 in characters; the emoji before it is two UTF-16 units.
            ("PH120".into(), 1, range(40, 64, 68)),
        ]
    );
    let first = &published["diagnostics"][0];
    assert_eq!(first["source"], "cfgate");
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("'id' on a bee is a legacy field"));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn unsaved_changes_are_checked_as_typed_and_close_clears() {
    let mut client = Client::start();
    client.open(URI, &scenario_text());
    let fixed = scenario_text()
        .replace("portz", "ports")
        .replace("role: sinc", "role: sink");
    client.change(URI, 2, &scenario_text());
    client.change(URI, 3, &fixed);
    let published = client.diagnostics_of(URI, 3);
    let codes: Vec<String> = summary(&published).into_iter().map(|s| s.0).collect();
    assert_eq!(codes, ["PH111", "PH390"]);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(client.diagnostics(URI)["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn half_typed_and_malformed_text_never_stops_the_server() {
    let mut client = Client::start();
    let published = client.open(URI, "template:\n  bees:\n    - role: [\n");
    assert_eq!(summary(&published)[0].0, "PH001");
    let text = scenario_text();
    // Every prefix of the fixture, as if typed character by character (sampled).
    let mut version = 1;
    for (end, _) in text.char_indices().step_by(37) {
        version += 1;
        client.change(URI, version, &text[..end]);
        let position =
            json!({"textDocument": {"uri": URI}, "position": {"line": 3, "character": 5}});
        client.request("textDocument/hover", position.clone());
        client.request("textDocument/completion", position.clone());
        client.request("textDocument/definition", position);
    }
    client.change(URI, version + 1, &text);
    let published = client.diagnostics_of(URI, version + 1);
    assert_eq!(summary(&published).len(), 4);
    assert_eq!(client.shutdown(), 0);
}

fn code_actions(client: &mut Client, line: u32, start: u32, end: u32) -> Vec<Value> {
    let diagnostics = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": range(line, start, end),
            "context": {"diagnostics": []}
        }),
    );
    diagnostics.as_array().unwrap().clone()
}

#[test]
fn did_you_mean_renames_edit_the_key_or_value() {
    let mut client = Client::start();
    client.open(URI, &scenario_text());
    let actions = code_actions(&mut client, 28, 10, 10);
    assert_eq!(actions[0]["title"], "Rename to `threadCount` (PH390)");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(
        actions[0]["edit"]["changes"][URI],
        json!([{"range": range(28, 8, 18), "newText": "threadCount"}])
    );
    let actions = code_actions(&mut client, 40, 65, 65);
    assert_eq!(
        actions[0]["edit"]["changes"][URI],
        json!([{"range": range(40, 64, 68), "newText": "sink"}])
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn migration_quick_fix_makes_the_edits_of_cfgate_migrate() {
    let mut client = Client::start();
    client.open(URI, &scenario_text());
    let actions = code_actions(&mut client, 19, 6, 6);
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().starts_with("Migrate"))
        .unwrap();
    assert_eq!(
        fix["title"],
        "Migrate legacy shapes (1 change, as `cfgate migrate`)"
    );
    assert_eq!(
        fix["edit"]["changes"][URI],
        json!([{"range": range(19, 6, 8), "newText": "role"}])
    );
    // Also offered for the whole file, from any line.
    let actions = code_actions(&mut client, 0, 0, 0);
    assert!(actions.iter().any(|a| a["kind"] == "source.fixAll"));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_shows_schema_facts_and_roles() {
    let mut client = Client::start();
    client.open(URI, &scenario_text());
    // `ratePerSec` under the generator's scheduler (line 15, 0-based 14).
    let hover = client.request(
        "textDocument/hover",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 14, "character": 14}
        }),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**ratePerSec**: `number` (generator schema)"),
        "{text}"
    );
    assert!(text.contains("Messages per second."), "{text}");
    assert!(text.contains("liveMutable: true"), "{text}");
    assert!(text.contains("minimum: 0"), "{text}");
    assert_eq!(hover["range"], range(14, 12, 22));
    // An endpoint's role names its bee.
    let hover = client.request(
        "textDocument/hover",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 40, "character": 31}
        }),
    );
    assert_eq!(hover["contents"]["value"], "Bee role, declared on line 8.");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn completion_offers_missing_keys_options_and_roles() {
    let mut client = Client::start();
    let text = scenario_text().replace("          type: SCHEDULER\n", "          type: SCH\n");
    client.open(URI, &text);
    let items = client.request(
        "textDocument/completion",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 12, "character": 19}
        }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["SCHEDULER", "REDIS_DATASET", "CSV_DATASET"]);
    assert_eq!(
        items[0]["textEdit"],
        json!({"range": range(12, 16, 19), "newText": "SCHEDULER"})
    );

    // A new key under the processor's config: present keys are not offered.
    let text = scenario_text().replace("        treadCount: 1\n", "        ret\n");
    client.change(URI, 2, &text);
    let items = client.request(
        "textDocument/completion",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 28, "character": 11}
        }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"ratePerSec"), "{labels:?}");
    assert!(!labels.contains(&"threadCount"), "{labels:?}");
    let rate = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "ratePerSec")
        .unwrap();
    assert_eq!(
        rate["textEdit"],
        json!({"range": range(28, 8, 11), "newText": "ratePerSec: "})
    );

    // Roles in a topology endpoint.
    let text = scenario_text().replace(
        "    - { id: e1, from: { role: feeder, port: \"😀\" }, to: { role: sinc, port: in } }\n",
        "    - from:\n        role: fe\n",
    );
    client.change(URI, 3, &text);
    let items = client.request(
        "textDocument/completion",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 41, "character": 16}
        }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["feeder", "sink"]);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn definition_goes_from_endpoint_role_to_bee() {
    let mut client = Client::start();
    client.open(URI, &scenario_text());
    let location = client.request(
        "textDocument/definition",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 40, "character": 30}
        }),
    );
    assert_eq!(location, json!({"uri": URI, "range": range(7, 12, 18)}));
    // Nothing to go to from a key.
    let none = client.request(
        "textDocument/definition",
        json!({
            "textDocument": {"uri": URI}, "position": {"line": 1, "character": 2}
        }),
    );
    assert_eq!(none, Value::Null);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut client = Client::start();
    client.notify("exit", Value::Null);
    drop(client.stdin.take());
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn dotenv_diagnostics_are_validate_findings_in_this_file() {
    let mut client = Client::start();
    let text = fixture_text("lsp/settings/.env.local");
    let uri = "file:///work/settings/.env.local";
    let published = client.open(uri, &text);
    assert_eq!(
        summary(&published),
        vec![
            // The KTRDR service's DatabaseSettings rejects non-database keys
            // in .env.local (it does not start): an error at each such name.
            ("env-file-extra".into(), 1, range(1, 0, 11)),
            ("deprecated-name".into(), 2, range(1, 0, 11)),
            ("env-file-extra".into(), 1, range(2, 0, 31)),
            ("parse".into(), 1, range(2, 0, 31)),
            // The service skips an unreadable line: a warning, as in
            // `cfgate validate`.
            ("env-file-syntax".into(), 2, range(3, 0, 3)),
        ]
    );
    // The deprecated name's fix is the rename `cfgate migrate` makes (once
    // every line is readable: migrate leaves a file with a broken line alone).
    client.change(uri, 2, &text.replace("NOT A LINE\n", ""));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri}, "range": range(1, 0, 0), "context": {"diagnostics": []}
        }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap();
    assert_eq!(
        fix["edit"]["changes"][uri],
        json!([{"range": range(1, 0, 11), "newText": "KTRDR_WORKER_PORT"}])
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn compose_diagnostics_are_the_renames_cfgate_migrate_makes() {
    let mut client = Client::start();
    let text = fixture_text("lsp/settings/compose.yaml");
    let uri = "file:///work/settings/compose.yaml";
    let published = client.open(uri, &text);
    assert_eq!(
        summary(&published),
        vec![
            ("PH501".into(), 2, range(4, 6, 17)),
            // The renamed name is still read directly by service code.
            ("PH506".into(), 2, range(4, 6, 17)),
        ]
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn missing_field_quick_fix_adds_the_value_the_finding_names() {
    let mut client = Client::start();
    let text = scenario_text().replacen("      work: {}\n", "", 1);
    let published = client.open(URI, &text);
    assert_eq!(summary(&published)[0], ("PH102".into(), 1, range(7, 6, 10)));
    let actions = code_actions(&mut client, 7, 6, 6);
    let add = actions
        .iter()
        .find(|a| a["title"] == "Add `work: {}` (PH102)")
        .unwrap();
    // After the bee's last line (its config's `body`), at the bee's keys' indentation.
    assert_eq!(
        add["edit"]["changes"][URI],
        json!([{"range": range(17, 23, 23), "newText": "\n      work: {}"}])
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn bundle_files_are_checked_with_their_bundle_not_as_scenarios() {
    let mut client = Client::start();
    // A YAML file beside the fixture's scenario.yaml: a bundle file, as
    // `cfgate check` discovers it, checked by the bundle rules (here the
    // variables contract), never as a scenario.
    let uri = multi("variables.yaml");
    let published = client.open(&uri, "version: 1\ndefinitions: 3\n");
    assert_eq!(
        summary(&published),
        vec![("PH622".into(), 1, range(1, 13, 14))]
    );
    assert_eq!(published["version"], 1);
    // Fixed as typed (the text on disk): the finding is cleared.
    client.change(&uri, 2, &multi_text("variables.yaml"));
    assert_eq!(client.diagnostics_of(&uri, 2)["diagnostics"], json!([]));
    // The same text outside any bundle is a scenario, as `cfgate check my.yaml` has it.
    let outside = "file:///nowhere/lone.yaml";
    let published = client.open(outside, "template:\n  bees: 3\n");
    assert!(summary(&published).iter().all(|s| s.0.starts_with("PH1")));
    assert!(!summary(&published).is_empty());
    assert_eq!(client.shutdown(), 0);
}

/// The URI of a file of the `lsp/multi` bundle (a clean bundle on disk).
fn multi(rel: &str) -> String {
    let root = fixture("lsp/multi").canonicalize().unwrap();
    lsp_types::Url::from_file_path(root.join(rel))
        .unwrap()
        .to_string()
}

fn multi_text(rel: &str) -> String {
    fixture_text(&format!("lsp/multi/{rel}"))
}

#[test]
fn a_template_edit_rechecks_its_bundle_and_publishes_where_findings_land() {
    let mut client = Client::start();
    let template = multi("templates/http/checkout.yaml");
    let scenario = multi("scenario.yaml");
    let text = multi_text("templates/http/checkout.yaml");
    // A clean bundle: the open file gets an empty list.
    assert_eq!(client.open(&template, &text)["diagnostics"], json!([]));
    // An unknown variable typed into the template lands in the template.
    client.change(&template, 2, &text.replace("vars.client", "vars.clientx"));
    let published = client.diagnostics_of(&template, 2);
    assert_eq!(
        summary(&published),
        vec![("PH621".into(), 1, range(4, 34, 46))]
    );
    // A renamed call id leaves the producer's key without a template: the
    // finding lands in scenario.yaml (not open: no version), related to
    // the consumer's templateRoot.
    client.change(
        &template,
        3,
        &text.replace("callId: checkout", "callId: checkoutx"),
    );
    let published = client.diagnostics(&scenario);
    assert_eq!(published["version"], Value::Null);
    assert_eq!(
        summary(&published),
        vec![("PH611".into(), 1, range(24, 26, 34))]
    );
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("'shop::checkout'"), "{message}");
    // The template's own list is published too (its PH621 went away).
    assert_eq!(
        client.diagnostics_of(&template, 3)["diagnostics"],
        json!([])
    );
    // Fixed again: scenario.yaml's diagnostics are cleared.
    client.change(&template, 4, &text);
    assert_eq!(client.diagnostics(&scenario)["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn two_file_findings_carry_related_information() {
    let capabilities =
        json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}});
    let mut client = Client::start_with(capabilities);
    // An unsaved new template with the key of templates/http/checkout.yaml.
    let copy = multi("templates/http/copy.yaml");
    let text = multi_text("templates/http/checkout.yaml");
    let published = client.open(&copy, &text);
    assert_eq!(
        summary(&published),
        vec![("PH612".into(), 1, range(1, 0, 6))]
    );
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(
        diagnostic["relatedInformation"],
        json!([{
            "location": {"uri": multi("templates/http/checkout.yaml"), "range": range(1, 0, 6)},
            "message": "first template with key 'shop::checkout'"
        }])
    );
    assert!(!diagnostic["message"].as_str().unwrap().contains("(see "));
    assert_eq!(client.shutdown(), 0);

    // A client without related information reads the place in the message.
    let mut client = Client::start();
    let published = client.open(&copy, &text);
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["relatedInformation"], Value::Null);
    let checkout = fixture("lsp/multi/templates/http/checkout.yaml")
        .canonicalize()
        .unwrap();
    let see = format!(
        "(see {}:2:1: first template with key 'shop::checkout')\nfix: ",
        checkout.display()
    );
    assert!(
        diagnostic["message"].as_str().unwrap().contains(&see),
        "{}",
        diagnostic["message"]
    );
    // Closed (never saved): the finding goes with it.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": copy}}),
    );
    assert_eq!(client.diagnostics(&copy)["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), 0);
}

/// A client with the multi-file bundle's scenario and its checkout template
/// open, and their URIs.
fn multi_scenario_and_template() -> (Client, String, String) {
    let mut client = Client::start();
    let scenario = multi("scenario.yaml");
    let template = multi("templates/http/checkout.yaml");
    client.open(&scenario, &multi_text("scenario.yaml"));
    client.open(&template, &multi_text("templates/http/checkout.yaml"));
    (client, scenario, template)
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

#[test]
fn definitions_lead_across_bundle_files() {
    let (mut client, scenario, template) = multi_scenario_and_template();
    // The producer's call id -> the template under the consumer's templateRoot.
    let location = client.request("textDocument/definition", at(&scenario, 24, 28));
    assert_eq!(location, json!({"uri": template, "range": range(1, 8, 16)}));
    // `vars.client` -> its definition in variables.yaml.
    let location = client.request("textDocument/definition", at(&template, 4, 40));
    assert_eq!(
        location,
        json!({"uri": multi("variables.yaml"), "range": range(2, 10, 16)})
    );
    // `authRef.profileId` -> the profile in authProfiles.yaml.
    let location = client.request("textDocument/definition", at(&template, 10, 15));
    assert_eq!(
        location,
        json!({"uri": multi("authProfiles.yaml"), "range": range(1, 2, 12)})
    );
    // An unsaved variables.yaml is the one definitions go to.
    let variables = multi_text("variables.yaml").replace("version: 1\n", "version: 1\n\n");
    client.open(&multi("variables.yaml"), &variables);
    let location = client.request("textDocument/definition", at(&template, 4, 40));
    assert_eq!(
        location,
        json!({"uri": multi("variables.yaml"), "range": range(3, 10, 16)})
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_says_where_references_are_defined_and_completion_offers_call_ids() {
    let (mut client, scenario, template) = multi_scenario_and_template();
    let hover = client.request("textDocument/hover", at(&scenario, 24, 28));
    assert_eq!(
        hover["contents"]["value"],
        "Template key `shop::checkout`: defined in `templates/http/checkout.yaml`, line 2."
    );
    assert_eq!(hover["range"], range(24, 26, 34));
    let hover = client.request("textDocument/hover", at(&template, 4, 36));
    assert_eq!(
        hover["contents"]["value"],
        "Variable `client`: defined in `variables.yaml`, line 3."
    );
    assert_eq!(hover["range"], range(4, 34, 45));
    // Call ids of the templates under the consumer's templateRoot
    // (templates/other/refund.yaml is outside it).
    let text = multi_text("scenario.yaml").replace("x-ph-call-id: checkout", "x-ph-call-id: ch");
    client.change(&scenario, 2, &text);
    let items = client.request("textDocument/completion", at(&scenario, 24, 28));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["checkout", "list"]);
    assert_eq!(
        items[0]["textEdit"],
        json!({"range": range(24, 26, 28), "newText": "checkout"})
    );
    assert_eq!(
        items[0]["detail"],
        "serviceId shop (templates/http/checkout.yaml)"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_bundle_descriptor_on_disk_is_checked_with_its_bundle_like_cfgate_check() {
    let mut client = Client::start();
    let path = fixture("lsp/bundle/scenario.yaml").canonicalize().unwrap();
    let uri = lsp_types::Url::from_file_path(&path).unwrap();
    let published = client.open(uri.as_str(), &scenario_text());
    let codes: Vec<String> = summary(&published).into_iter().map(|s| s.0).collect();
    assert_eq!(codes, ["PH111", "PH390", "PH112", "PH120"]);
    assert_eq!(client.shutdown(), 0);
}
