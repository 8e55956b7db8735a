//! Rule-by-rule tests of the bundle checks on temporary bundles, with the
//! edge cases VALIDATOR.md marks as run on the platform (✔).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::check_bundle;
use crate::finding::{Finding, Severity};
use crate::source::yaml::{parse_jackson, Limits};
use std::fs;

/// A scenario with a generator feeding a request-builder (consumer).
fn scenario(consumer_config: &str, producer_headers: &str) -> String {
    format!(
        r#"protocolVersion: "2.0.0"
id: t
name: t
template:
  image: swarm-controller:latest
  bees:
    - role: gen
      image: generator:latest
      work: {{out: {{out: q}}}}
      config:
        message:
          headers: {{{producer_headers}}}
    - role: rb
      image: request-builder:latest
      work: {{in: {{in: q}}}}
      config: {{{consumer_config}}}
"#
    )
}

const RB: &str = "templateRoot: /app/scenario/templates, serviceId: svc";
const T_OK: &str = "serviceId: svc\ncallId: c1\nprotocol: HTTP\nmethod: GET\npathTemplate: /x\n";

fn run(scenario_text: &str, files: &[(&str, &str)]) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("scenario.yaml"), scenario_text).unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let doc = parse_jackson(scenario_text, &Limits::default()).unwrap();
    check_bundle(dir.path(), "b", &doc, scenario_text, &Limits::default())
}

fn errors(f: &[Finding]) -> Vec<(&'static str, String)> {
    f.iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code, f.message.clone()))
        .collect()
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    errors(f).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn clean_bundle_has_no_findings() {
    let f = run(
        &scenario(RB, "x-ph-service-id: svc, x-ph-call-id: c1"),
        &[("templates/a.yaml", T_OK)],
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn blank_id_skips_every_bundle_rule() {
    let text =
        scenario(RB, "x-ph-service-id: svc, x-ph-call-id: nope").replace("id: t\n", "id: ' '\n");
    assert!(run(&text, &[("templates/a.yaml", "a: [")]).is_empty());
}

#[test]
fn references_need_a_service_id_beside_them() {
    // A lone x-ph-call-id is not checked ✔.
    assert!(codes(&run(
        &scenario(RB, "x-ph-call-id: nope"),
        &[("templates/a.yaml", T_OK)]
    ))
    .is_empty());
    // Consumer steps without serviceId are not checked; with one they are ✔.
    let steps = format!("{RB}, steps: [{{callId: nope}}]");
    assert!(codes(&run(&scenario(&steps, ""), &[("templates/a.yaml", T_OK)])).is_empty());
    let steps = format!("{RB}, steps: [{{callId: nope, serviceId: svc}}]");
    assert_eq!(
        codes(&run(&scenario(&steps, ""), &[("templates/a.yaml", T_OK)])),
        ["PH611"]
    );
    // Quoted tokens of an expression each count ✔.
    let f = run(
        &scenario(
            RB,
            r#"x-ph-service-id: svc, x-ph-call-id: "{{ pickWeighted('c1', 1, 'c2', 1) }}""#,
        ),
        &[("templates/a.yaml", T_OK)],
    );
    assert_eq!(errors(&f).len(), 1, "{f:#?}");
    assert!(errors(&f)[0].1.contains("'svc::c2'"));
    // A number is not a String: nothing recorded.
    assert!(codes(&run(
        &scenario(RB, "x-ph-service-id: svc, x-ph-call-id: 5"),
        &[("templates/a.yaml", T_OK)]
    ))
    .is_empty());
}

#[test]
fn consumers_by_repository_name() {
    let text = scenario(RB, "x-ph-service-id: svc, x-ph-call-id: nope");
    let caps = text.replace("request-builder:latest", "Request-Builder:latest");
    assert!(codes(&run(&caps, &[("templates/a.yaml", T_OK)])).is_empty());
    let digest = text.replace(
        "request-builder:latest",
        "reg:5000/ph/request-builder@sha256:ab",
    );
    assert_eq!(
        codes(&run(&digest, &[("templates/a.yaml", T_OK)])),
        ["PH611"]
    );
}

#[test]
fn root_of_the_mount_sees_every_template_and_outside_roots_are_skipped() {
    let whole = "templateRoot: /app/scenario/, serviceId: svc";
    let f = run(
        &scenario(whole, "x-ph-service-id: svc, x-ph-call-id: c1"),
        &[("templates/deep/a.yaml", T_OK)],
    );
    assert!(codes(&f).is_empty(), "{f:#?}");
    let outside = "templateRoot: /app/templates, serviceId: svc";
    let f = run(
        &scenario(outside, "x-ph-service-id: svc, x-ph-call-id: nope"),
        &[],
    );
    assert!(codes(&f).is_empty());
    assert_eq!(f[0].code, "PH613");
    let escapes = "templateRoot: /app/scenario/..foo, serviceId: svc";
    assert_eq!(codes(&run(&scenario(escapes, ""), &[])), ["PH610"]);
}

#[test]
fn template_files_parse_strictly_and_contracts_apply_only_to_visible_ones() {
    let s = scenario(RB, "");
    // `~` is an empty map; a .txt is ignored; an authProfiles file is no template ✔.
    let f = run(
        &s,
        &[
            ("templates/sub/empty.yaml", "~\n"),
            ("templates/x.txt", "a: ["),
            ("templates/authProfiles.yml", "profiles: ["),
        ],
    );
    // `~` under the consumer root must meet the contract.
    assert_eq!(codes(&f), ["PH602", "PH602", "PH602"], "{f:#?}");
    let f = run(&s, &[("other/empty.yaml", "a: [\n")]);
    assert!(codes(&f).is_empty(), "outside templates/: not a template");
    let f = run(
        &s,
        &[
            ("templates/e.yaml", ""),
            ("templates/l.json", "[1]"),
            ("templates/d.json", "{\"a\":1,\"a\":2}"),
        ],
    );
    assert_eq!(codes(&f), ["PH600", "PH600", "PH600"]);
    // TCP needs no method ✔; `http` is HTTP ✔; a number is no callId ✔.
    let tcp = "serviceId: svc\ncallId: c1\nprotocol: tcp\n";
    assert!(codes(&run(&s, &[("templates/t.yaml", tcp)])).is_empty());
    let num = "serviceId: svc\ncallId: 123\nprotocol: http\nmethod: GET\npathTemplate: /\n";
    assert_eq!(codes(&run(&s, &[("templates/t.yaml", num)])), ["PH602"]);
}

#[test]
fn duplicate_keys_under_one_root_are_reported_once() {
    let s = scenario(RB, "");
    let f = run(
        &s,
        &[
            ("templates/a.yaml", T_OK),
            ("templates/b.yaml", T_OK),
            (
                "templates/c.json",
                r#"{"serviceId":"svc","callId":"c1","protocol":"TCP"}"#,
            ),
        ],
    );
    assert_eq!(codes(&f), ["PH612"]);
    assert!(errors(&f)[0]
        .1
        .contains("templates/a.yaml, templates/b.yaml, templates/c.json"));
}

#[test]
fn vars_references() {
    let s = scenario(RB, "");
    // Comments count; myvars/_vars/Vars/vars.9 do not ✔.
    let f = run(
        &s,
        &[(
            "notes.yaml",
            "# uses vars.a\nx: myvars.b _vars.c Vars.d vars.9e\n",
        )],
    );
    assert_eq!(
        errors(&f),
        [(
            "PH620",
            "bundle references vars.a but variables.yaml is missing".to_string()
        )]
    );
    // Other extensions are not scanned ✔; variables.yml does not count.
    let f = run(
        &s,
        &[("notes.md", "vars.a"), ("variables.yml", "version: 1")],
    );
    assert!(f.is_empty());
    let vars = "version: 1\ndefinitions:\n  - {name: a, scope: global, type: string}\nprofiles:\n  - {id: p}\n";
    let f = run(
        &s,
        &[
            ("x.json", "{\"k\": \"{{ vars.a }} {{ vars.zz }}\"}"),
            ("variables.yaml", vars),
        ],
    );
    assert_eq!(codes(&f), ["PH621"]);
    // An unparseable variables.yaml: PH622 only ✔.
    let f = run(
        &s,
        &[("x.yaml", "k: vars.zz"), ("variables.yaml", "version: [")],
    );
    assert_eq!(codes(&f), ["PH622"]);
}

fn vars_error(values: &str) -> Option<String> {
    let defs = "definitions:\n  - {name: s, scope: global, type: string}\n  - {name: b, scope: global, type: bool}\n  - {name: i, scope: global, type: int}\n  - {name: f, scope: global, type: float}\n  - {name: o, scope: global, type: object}\n";
    let text = format!(
        "version: 1\n{defs}profiles:\n  - {{id: p}}\nvalues:\n  global:\n    p: {values}\n"
    );
    let f = run(&scenario(RB, ""), &[("variables.yaml", &text)]);
    errors(&f).into_iter().map(|(_, m)| m).next()
}

#[test]
fn variable_values_are_typed_as_jackson_reads_yaml_1_1() {
    assert_eq!(vars_error("{s: x, b: yes, i: 010, f: 1, o: {k: 1}}"), None);
    assert_eq!(
        vars_error("{i: 1.0}").unwrap(),
        "values.global[p].i must be an int"
    );
    assert_eq!(
        vars_error("{i: 3000000000}").unwrap(),
        "values.global[p].i must be an int"
    );
    assert_eq!(
        vars_error("{b: y}").unwrap(),
        "values.global[p].b must be a bool"
    );
    assert_eq!(
        vars_error("{s: 5}").unwrap(),
        "values.global[p].s must be a string"
    );
    assert_eq!(
        vars_error("{o: [1]}").unwrap(),
        "values.global[p].o must be an object"
    );
    assert_eq!(vars_error("{s: ~}"), None);
    assert_eq!(
        vars_error("{zz: 1}").unwrap(),
        "values.global[p] contains unknown variable 'zz'"
    );
}

#[test]
fn variables_contract_order_and_binding() {
    let one = |text: &str| {
        let f = run(&scenario(RB, ""), &[("variables.yaml", text)]);
        assert!(f.len() <= 1, "{f:#?}");
        f.first().map(|f| f.message.clone())
    };
    let defs = "definitions:\n  - {name: a, scope: global, type: string}\n";
    assert_eq!(
        one(&format!("version: \"1\"\n{defs}profiles: [{{id: p}}]\n")),
        None
    );
    assert_eq!(
        one(&format!("{defs}profiles: [{{id: p}}]\n")).unwrap(),
        "variables.yaml version must be 1"
    );
    assert_eq!(
        one("version: 1\ndefinitions: []\n").unwrap(),
        "variables.yaml must contain non-empty definitions[]"
    );
    assert_eq!(
        one(&format!("version: 1\n{defs}")).unwrap(),
        "variables.yaml must declare profiles[] when definitions[] are present"
    );
    assert_eq!(one("version: 1\ndefinitions:\n  - {name: a, scope: ' ', type: string}\nprofiles: [{id: p}]\n").unwrap(), "Variable 'a' missing scope");
    assert!(
        one("version: 1\ndefinitions:\n  - {name: a, scope: galaxy, type: string}\n")
            .unwrap()
            .starts_with("Failed to parse variables.yaml")
    );
    assert_eq!(
        one(&format!(
            "version: 1\n{defs}profiles: [{{id: p}}, {{id: ' p '}}]\n"
        ))
        .unwrap(),
        "Duplicate profile id 'p'"
    );
    assert_eq!(
        one(&format!(
            "version: 1\n{defs}profiles: [{{id: p}}]\nvalues: {{global: {{q: {{}}}}}}\n"
        ))
        .unwrap(),
        "values.global contains unknown profile 'q' (not present in profiles[])"
    );
    assert_eq!(one("").unwrap(), "variables.yaml must not be empty");
    assert_eq!(one("~\n").unwrap(), "variables.yaml parsed as null");
}

#[test]
fn a_bad_sut_stops_the_variables_contract() {
    let f = run(
        &scenario(RB, ""),
        &[
            ("sut/s1/sut.yaml", "id: s2\n"),
            ("variables.yaml", "version: 7\n"),
        ],
    );
    assert_eq!(errors(&f), [("PH630", "failed to parse bundle-local SUT 's1' in scenario 't': sut.yaml id 's2' does not match directory name 's1'".to_string())]);
}

#[test]
fn sut_contract() {
    let sut = |text: &str| codes(&run(&scenario(RB, ""), &[("sut/s/sut.yaml", text)]));
    assert!(sut("id: s\n").is_empty(), "name and endpoints are optional");
    assert!(sut(
        "id: s\nendpoints:\n  e: {kind: HTTP, baseUrl: http://x, upstreamBaseUrl: http://y}\n"
    )
    .is_empty());
    assert_eq!(
        sut("id: s\nendpoints:\n  ' e': {kind: HTTP, baseUrl: http://x}\n"),
        ["PH630"]
    );
    assert_eq!(
        sut("id: s\nendpoints:\n  e: {kind: HTTP, baseUrl: http://x, upstreamBaseUrl: ' '}\n"),
        ["PH630"]
    );
    assert_eq!(sut("id: s\nendpoints:\n  e: {kind: HTTP}\n"), ["PH630"]);
    assert_eq!(sut("id: s\nendpoints:\n  e:\n"), ["PH630"]);
    assert_eq!(sut("id: ' s'\n"), ["PH630"]);
    assert_eq!(sut("id: s\nowner: me\n"), ["PH630"]);
    assert_eq!(sut(""), ["PH630"]);
    // Files directly in sut/ are ignored ✔; only sut.yaml counts ✔.
    assert!(codes(&run(&scenario(RB, ""), &[("sut/readme.yaml", "x: 1")])).is_empty());
    assert_eq!(
        codes(&run(&scenario(RB, ""), &[("sut/s/sut.json", "{}")])),
        ["PH630"]
    );
}

/// The platform's SUT check follows links (SBV:676-708) where the bundle
/// listing does not enter them: a linked `sut/` or `sut/<id>/` is checked
/// through the link.
#[cfg(unix)]
#[test]
fn sut_folders_are_followed_through_links_as_the_platform_does() {
    let check = |link_at: &str, id: &str| {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("b");
        let target = dir.path().join("elsewhere");
        fs::create_dir_all(target.join("s")).unwrap();
        fs::write(target.join("s/sut.yaml"), format!("id: {id}\n")).unwrap();
        fs::create_dir_all(bundle.join("sut")).unwrap();
        let text = scenario(RB, "");
        fs::write(bundle.join("scenario.yaml"), &text).unwrap();
        let (link, to) = if link_at == "sut" {
            fs::remove_dir(bundle.join("sut")).unwrap();
            (bundle.join("sut"), target.clone())
        } else {
            (bundle.join("sut/s"), target.join("s"))
        };
        std::os::unix::fs::symlink(to, link).unwrap();
        let doc = parse_jackson(&text, &Limits::default()).unwrap();
        errors(&check_bundle(&bundle, "b", &doc, &text, &Limits::default()))
    };
    for link_at in ["sut", "sut/s"] {
        assert_eq!(check(link_at, "s"), [], "{link_at}");
        let failed = check(link_at, "other");
        assert_eq!(failed.len(), 1, "{link_at}: {failed:?}");
        assert!(
            failed[0].1.contains("does not match directory name 's'"),
            "{failed:?}"
        );
    }
}

#[test]
fn auth_rules() {
    let t = |auth: &str| format!("{T_OK}{auth}");
    let s = scenario(RB, "");
    let profiles = "profiles:\n  p1: {type: bearer-token}\n  3: {type: API_KEY}\n";
    let ok = run(
        &s,
        &[
            (
                "templates/a.yaml",
                &t("authRef: {profileId: ' p1 ', applyAs: http-header}\n"),
            ),
            ("authProfiles.yaml", profiles),
        ],
    );
    assert!(ok.is_empty(), "{ok:#?}");
    let key3 = run(
        &s,
        &[
            (
                "templates/a.yaml",
                &t("authRef: {profileId: '3', applyAs: HTTP_HEADER}\n"),
            ),
            ("authProfiles.yaml", profiles),
        ],
    );
    assert!(key3.is_empty(), "{key3:#?}");
    // A blank profileId gives PH641 twice (F34 and F44) ✔.
    let blank = run(
        &s,
        &[
            (
                "templates/a.yaml",
                &t("authRef: {profileId: ' ', applyAs: HTTP_HEADER}\n"),
            ),
            ("authProfiles.yaml", profiles),
        ],
    );
    assert_eq!(codes(&blank), ["PH641", "PH641"]);
    // Scanned outside consumer roots and in authProfiles-named files ✔.
    let f = run(
        &s,
        &[("templates/x/authProfiles.yaml", "auth: {type: basic}\n")],
    );
    assert_eq!(codes(&f), ["PH640"]);
    // No authRef: a bad authProfiles.yaml is still checked ✔.
    let f = run(&s, &[("authProfiles.yaml", "profiles: {}\n")]);
    assert_eq!(codes(&f), ["PH644"]);
    let f = run(&s, &[("authProfiles.yaml", "profiles: {p: {type: 5}}\n")]);
    assert_eq!(errors(&f)[0].1, "auth profile 'p' must declare type");
    // Storage: (b) and (c) together ✔; an unknown mode stops the profile.
    let f = run(
        &s,
        &[(
            "authProfiles.yaml",
            "profiles: {p: {type: basic-auth, storage: {mode: redis, tokenKey: 'a..b'}}}\n",
        )],
    );
    assert_eq!(codes(&f), ["PH645", "PH645"]);
    let f = run(
        &s,
        &[(
            "authProfiles.yaml",
            "profiles: {p: {type: oauth2-password-grant, storage: {mode: disk}}}\n",
        )],
    );
    assert_eq!(codes(&f), ["PH645"]);
    let f = run(
        &s,
        &[(
            "authProfiles.yaml",
            "profiles: {p: {type: oauth2-password-grant, storage: {mode: REDIS, tokenKey: k}}}\n",
        )],
    );
    assert!(f.is_empty());
    // An authRef with no authProfiles.yaml.
    let f = run(
        &s,
        &[(
            "templates/a.yaml",
            &t("authRef: {profileId: p1, applyAs: bearer}\n"),
        )],
    );
    assert_eq!(codes(&f), ["PH642", "PH643"]);
}

#[test]
fn ids_must_be_one_path_segment() {
    let text = scenario(RB, "").replace("id: t\n", "id: a/b\n");
    assert_eq!(codes(&run(&text, &[])), ["PH651"]);
}

#[test]
fn bundle_files_are_read_as_the_descriptor_is() {
    // The strict mapper reads an alias as its anchor's name and keeps `<<`
    // as a key in every bundle file, and reads only the first document.
    let template = "serviceId: &s svc\ncallId: c1\nprotocol: HTTP\nmethod: GET\n\
                    pathTemplate: *s\n---\n[\n";
    let sut = "base: &b {kind: HTTP}\nid: local\n<<: *b\n";
    let f = run(
        &scenario(RB, "x-ph-service-id: svc, x-ph-call-id: c1"),
        &[("templates/a.yaml", template), ("sut/local/sut.yaml", sut)],
    );
    let got: Vec<(&str, Option<&str>, usize, usize, &str)> = f
        .iter()
        .map(|f| {
            (
                f.code,
                f.place.file.as_deref(),
                f.line,
                f.column,
                f.path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // `<<` is an unknown field of the strict SUT record.
            ("PH630", Some("b/sut/local/sut.yaml"), 1, 1, "base"),
            ("PH009", Some("b/sut/local/sut.yaml"), 3, 5, "[\"<<\"]"),
            ("PH010", Some("b/sut/local/sut.yaml"), 3, 1, "[\"<<\"]"),
            ("PH009", Some("b/templates/a.yaml"), 5, 15, "pathTemplate"),
            ("PH006", Some("b/templates/a.yaml"), 6, 1, ""),
        ],
        "{f:#?}"
    );
    assert_eq!(f[4].severity, Severity::Warning);
}

mod properties {
    use crate::bundle::references::extract_ids;
    use crate::bundle::variables::references_in;
    use proptest::prelude::*;

    proptest! {
        /// Every reference found is a valid name preceded by `vars.` and no
        /// word character; the scan never panics on any text.
        #[test]
        fn var_references_match_the_platform_pattern(text in "(?s).{0,200}|([a-z_$ .]{0,6}vars\\.[A-Za-z0-9_]{0,5}){0,8}") {
            for r in references_in(&text) {
                let first = r.name.as_bytes()[0];
                prop_assert!(first.is_ascii_alphabetic() || first == b'_');
                prop_assert!(r.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
                let needle = format!("vars.{}", r.name);
                prop_assert!(text.contains(&needle));
                prop_assert!(r.at.line >= 1 && r.at.column >= 1);
            }
        }

        /// Ids are non-empty, trimmed, and come from the text.
        #[test]
        fn ids_come_from_the_text(text in "(?s).{0,120}|[ a-z'{}(),]{0,40}") {
            for id in extract_ids(&text) {
                prop_assert!(!id.is_empty());
                prop_assert_eq!(id.trim(), id.as_str());
                prop_assert!(text.contains(id.as_str()));
            }
        }
    }
}
