//! Every example of TEMPLATES.md §7 with the platform's verdict, and
//! positions of typical errors.

use super::{check, ErrorKind};

/// (example number, template, the platform accepts it).
const EXAMPLES: &[(u32, &str, bool)] = &[
    (1, "{{ x }}", true),
    (2, "{{ x", false),
    (3, "{{ x }", false),
    (4, "text }} and %} only {{ x }}", true),
    (5, "{{ '{{' }}", true),
    (5, "{{ \"}}\" }}", true),
    (6, "{{{ 'a': 1 }}}", true),
    (7, "{# note", false),
    (8, "{{- x -}}", true),
    (9, "{{-x}}", false),
    (10, "{%-if true%}a{%endif%}", false),
    (11, "{%+ if true %}a{% endif %}", false),
    (12, "{% verbatim %}{{ x {% endverbatim %}", true),
    (13, "{% raw %}{{ x }}{% endraw %}", false),
    // 14: the platform hangs; cfgate reports it.
    (14, "{{ \"a\\", false),
    (15, "{{ 'it\\'s' }}", true),
    (16, "{{ 'it''s' }}", false),
    (17, "{{ 'abc }}", false),
    (18, "{{ \"#{ x }\" }}", true),
    (19, "{{ \"#{}\" }}", false),
    (20, "{{ \"#{ 'a' ~ \"#{x}\" }\" }}", true),
    (21, "{{ \"#{x\" }}", false),
    (22, "{{ été }}", true),
    (23, "{{ oré }}", false),
    (24, "{{\n  x\n}}", true),
    (25, "{{ 10L }}", true),
    (26, "{{ 10l }}", false),
    (27, "{{ 1e3 }}", false),
    (27, "{{ 0x1F }}", false),
    (28, "{{ 99999999999999999999 }}", false),
    (29, "{{ 1 / 0 }}", false),
    (30, "{{ 1.0 / 0 }}", true),
    (31, "{{ x + 1 }}", false),
    (32, "{{ vars.loopCount + 1 }}", false),
    (33, "{{ vars.loopCount | default(0) + 1 }}", true),
    (34, "{{ x ~ 1 }}", true),
    (34, "{{ x + 'a' }}", true),
    (35, "{{ headers.x-ph-call-id }}", false),
    (36, "{{ headers['x-ph-call-id'] }}", true),
    (37, "{{ 'a' > 1 }}", false),
    (38, "{{ x > 1 }}", true),
    (39, "{{ 2 > 1 > 0 }}", false),
    (40, "{{ x equals 1 }}", true),
    (40, "{{ x contains 'a' }}", true),
    (41, "{{ 5 contains 1 }}", false),
    (42, "{{ x ? 'a' : 'b' }}", true),
    (43, "{{ x ?: 'b' }}", false),
    (43, "{{ x ?? 'b' }}", false),
    (44, "{{ 'a' if x else 'b' }}", false),
    (45, "{{ x ? 1/0 : 2 }}", true),
    (46, "{{ false and 1/0 }}", true),
    (47, "{{ true and [1] }}", false),
    (48, "{{ not [1] }}", false),
    (49, "{{ not x == y }}", true),
    (50, "{{ x in [1,2] }}", false),
    (51, "{{ 2 ** 3 }}", false),
    (51, "{{ 7 // 2 }}", false),
    (52, "{{ x && y }}", false),
    (52, "{{ !x }}", false),
    (53, "{{ -1 .. 3 }}", true),
    (54, "{{ 1..x }}", false),
    (55, "{{ [1] + 2 }}", true),
    (56, "{{ x.0 }}", false),
    (57, "{{ x[0] }}", true),
    (57, "{{ (x)[0] }}", true),
    (58, "{{ [1,2][0] }}", false),
    (58, "{{ {'a': 1}.a }}", false),
    (59, "{{ x.contains }}", false),
    (59, "{{ x.or }}", false),
    (60, "{{ x.y(a=1) }}", false),
    (61, "{{ f(a=1, 2) }}", false),
    (62, "{{ foo() }}", false),
    (63, "{% if false %}{{ foo() }}{% endif %}", true),
    (64, "{{ foo()() }}", false),
    (65, "{{ 'abc'.getClass() }}", false),
    (66, "{{ x.y.getClass() }}", true),
    (67, "{{ parent() }}", false),
    (68, "{{ x | nosuchfilter }}", false),
    (69, "{% if false %}{{ x | nosuchfilter }}{% endif %}", true),
    (70, "{{ x | e }}", false),
    (71, "{{ x | abs }}", false),
    (72, "{{ x | upper }}", true),
    (73, "{{ 'a' | upper(x=1) }}", true),
    (74, "{{ x | default('a', true) }}", false),
    (75, "{{ 'x' | replace('a','b') }}", false),
    (76, "{{ 'abc' | abbreviate }}", false),
    (77, "{{ 'abc' | reverse }}", false),
    (78, "{{ '' | first }}", false),
    (79, "{{ x | merge(y) }}", false),
    (80, "{{ 'not-base64!' | base64decode }}", false),
    (81, "{{ x is not null }}", true),
    (82, "{{ x is  not null }}", false),
    (83, "{{ x is none }}", false),
    (84, "{{ x is even }}", false),
    (85, "{% for i in [1.5] %}{{ i is even }}{% endfor %}", false),
    (
        86,
        "{% autoescape 'sql' %}{{ x ~ 'a' }}{% endautoescape %}",
        false,
    ),
    (87, "{% if x %}a{% elseif y %}b{% else %}c{% endif %}", true),
    (88, "{% if x %}a{% elif y %}b{% endif %}", false),
    (89, "{% for k, v in x %}{% endfor %}", false),
    (90, "{% for i in x %}{{ i + 1 }}{% endfor %}", true),
    (91, "{% for i in x %}{% else %}{{ 1/0 }}{% endfor %}", true),
    (
        92,
        "{% for i in [] %}{% else %}{{ 1/0 }}{% endfor %}",
        false,
    ),
    (93, "{% for c in 'abc' %}{{ c }}{% endfor %}", false),
    (94, "{% if [1] %}y{% endif %}", false),
    (95, "{% set x %}a{% endset %}", false),
    (96, "{% set true = 1 %}", false),
    (
        97,
        "{% macro m(a) %}{{ a + 1 }}{% endmacro %}{{ m() }}",
        false,
    ),
    (
        98,
        "{% macro m(a) %}{% endmacro %}{% macro m(b) %}{% endmacro %}",
        false,
    ),
    (99, "{% include 'other.peb' %}", false),
    (100, "{% extends x %}", true),
    (101, "{% filter upper %}abc", false),
    (102, "{% cache 'k' %}a{% endcache %}", true),
    (102, "{% parallel %}a{% endparallel %}", true),
    (103, "{% with x = 1 %}{% endwith %}", false),
    (104, "{{ eval(\"#uuid()\") }}", true),
    (105, "{{ eval('#randInt(1,') }}", false),
    (106, "{{ eval(\"#nosuch(1)\") }}", true),
    (
        107,
        "{{ eval(\"T(java.lang.Runtime).getRuntime()\") }}",
        true,
    ),
    (108, "{{ eval() }}", true),
    (108, "{{ eval('1', '2') }}", false),
    (109, "{{ eval(expr='1') }}", false),
    (110, "{{ eval(\"a b\") }}", false),
    (111, "{{ eval(\"'unterminated\") }}", false),
    (112, "{{ eval(x) }}", true),
    (113, "{{ eval(\"#md5_hex('\" ~ x ~ \"')\") }}", true),
    (114, "{{ eval(\"#{x}\") }}", true),
    (115, "{{ eval('#{x}') }}", false),
    (116, "{{ eval('#date_format(now, ''yyyy'')') }}", false),
    (
        117,
        "{{ eval(\"#date_format(now, 'yyyy-MM-dd''T''HH:mm:ssZ')\") }}",
        true,
    ),
    (118, "{{ eval(\"#randInt(0, 3000000000)\") }}", false),
    (119, "{{ eval(\"'a' ~ 'b'\") }}", false),
    (120, "{{ eval(\"x | y\") }}", false),
    (121, "{{ eval(\"#f(1,)\") }}", true),
    (122, "{{ eval(\"x?.[0]\") }}", true),
    (123, "{{ eval(\"()\") }}", false),
    (
        125,
        "{% set n = eval(\"#randInt(1,5)\") %}{{ n + 1 }}",
        true,
    ),
    (
        126,
        "{% set n = eval(\"#randInt(1,5)\") %}{{ n * 2 }}",
        false,
    ),
    (127, "{% set eval = 1 %}{{ eval(\"1 +\") }}", false),
    (128, "{{ pickWeighted('a', 1, 'b', 2) }}", true),
    (129, "{{ pickWeighted('a') }}", false),
    (129, "{{ pickWeighted('a', 0) }}", false),
    (130, "{{ pickWeighted(x, 1) }}", false),
    (130, "{{ pickWeighted('a', x) }}", false),
    (131, "{{ pickWeighted('a', '1') }}", true),
    (132, "{{ pickWeighted(value='a', weight=1) }}", false),
    (133, "{{ pickWeightedSeeded('l', x, 'a', 1) }}", false),
];

#[test]
fn every_reference_example_gets_the_platform_verdict() {
    let mut wrong = Vec::new();
    for (n, template, valid) in EXAMPLES {
        // Example 7 is never checked by the platform (no `{{`/`{%`); as
        // Pebble it is invalid, which is what `check` answers.
        let got = check(template);
        if got.is_none() != *valid {
            wrong.push(format!(
                "#{n} {template:?}: expected valid={valid}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn example_124_spel_longer_than_10000_characters() {
    let long = format!("{{{{ eval(\"{}\") }}}}", "1".repeat(10_001));
    assert!(check(&long).is_some());
    let ok = format!("{{{{ eval(\"{}\") }}}}", "1+".repeat(4_000) + "1");
    assert_eq!(check(&ok), None);
}

#[test]
fn section_6_differences_from_jinja() {
    for (template, valid) in [
        ("{{ 1..3 }}", true),
        ("{{ x is defined }}", true),
        ("{{ x is divisibleby(3) }}", false),
        ("{{ x | date }}", true),
        ("{{ x | split(',') }}", true),
        ("{{ x | numberformat }}", true),
        ("{{ x[1:2] }}", false),
        ("{{ (1, 2) }}", false),
        ("{{ 'a' 'b' }}", false),
        ("{% set a, b = 1 %}", false),
        ("{% set x.y = 1 %}", false),
        ("{% for x in xs if x %}{% endfor %}", false),
        ("{% call m() %}{% endcall %}", false),
        ("{% break %}", false),
        ("{% include 'a' ignore missing %}", false),
        ("{% flush %}", true),
        ("{% block 'name' %}x{% endblock %}", true),
        ("{% embed 'x' %}{% endembed %}", false),
        ("{{ x.is }}", false),
        ("{{ True }}{{ None }}", true),
        ("{{ -x | abs }}", false),
        ("{{ loop.index }}", true),
    ] {
        assert_eq!(
            check(template).is_none(),
            valid,
            "{template}: {:?}",
            check(template)
        );
    }
}

/// (template, the offending token as written, its kind).
#[test]
fn errors_point_at_the_offending_token() {
    for (template, token) in [
        ("{{ 'a' if x else 'b' }}", "if x"),
        ("{{ x | nosuchfilter }}", "nosuchfilter"),
        ("{{ x is none }}", "none"),
        ("{{ 1 / 0 }}", "/ 0"),
        ("{{ x + 1 }}", "+ 1"),
        ("{% raw %}", "raw"),
        ("{{ eval('#randInt(1,') }}", "(1,"),
        ("{{ eval(\"a b\") }}", "b\")"),
        ("{{ x.0 }}", "0 }}"),
        ("{{ 99999999999999999999 }}", "9999"),
        ("a\n{{ foo() }}", "foo"),
        ("{{ x }}{{ 'abc }}", "'abc"),
        ("{% if x %}", "if"),
        ("{{ pickWeighted('a', 0) }}", "pickWeighted"),
        ("{{ x && y }}", "&& y"),
    ] {
        let e = check(template).unwrap_or_else(|| panic!("{template} passed"));
        let at = template.find(token).unwrap();
        assert_eq!(e.offset, at, "{template}: {e:?}");
    }
}

#[test]
fn unknown_names_suggest_the_closest() {
    let cases = [
        ("{{ x | uper }}", "upper"),
        ("{{ x | e }}", "escape"),
        ("{{ x is nul }}", "null"),
        ("{{ pickweighted('a', 1) }}", "pickWeighted"),
        ("{{ evl('1') }}", "eval"),
        ("{% elif x %}", "elseif"),
        ("{% raw %}{% endraw %}", "verbatim"),
        ("{% macro m(a) %}{% endmacro %}{{ mm(1) }}", "m"),
        ("{{ x | default(defualt=1) }}", "default"),
    ];
    for (template, want) in cases {
        let e = check(template).unwrap_or_else(|| panic!("{template} passed"));
        assert!(
            e.message().contains(&format!("did you mean `{want}`?")),
            "{template}: {}",
            e.message()
        );
    }
}

#[test]
fn run_time_errors_only_on_the_path_that_runs() {
    assert_eq!(check("{% if x %}{{ 1/0 }}{% endif %}"), None);
    assert_eq!(check("{% macro m() %}{{ 1/0 }}{% endmacro %}"), None);
    assert!(check("{% if true %}{{ 1/0 }}{% endif %}").is_some());
    assert!(check("{% set a = 0 %}{{ 1 / a }}").is_some());
    // PocketHive trims a weight string and takes a Long's `intValue()`.
    assert_eq!(check("{{ pickWeighted('a', ' 2 ') }}"), None);
    assert_eq!(check("{{ pickWeighted('a', 4294967297) }}"), None);
    assert!(check("{{ pickWeighted('a', 4294967296) }}").is_some());
    // `set` inside an unknown branch makes the variable unknown, not null.
    assert_eq!(
        check("{% if template %}{% set a = 1 %}{% endif %}{{ a + 1 }}"),
        None
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(5_000), ")".repeat(5_000));
    assert!(matches!(
        check(&deep).map(|e| e.kind),
        Some(ErrorKind::TooDeep { .. })
    ));
    let unary = format!("{{{{ {}1 }}}}", "-".repeat(5_000));
    assert!(check(&unary).is_some());
    let recursion = "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}";
    assert!(matches!(
        check(recursion).map(|e| e.kind),
        Some(ErrorKind::Recursion { .. })
    ));
    let fan = "{% macro m() %}{{ m() }}{{ m() }}{% endmacro %}{{ m() }}";
    assert!(check(fan).is_some());
}
