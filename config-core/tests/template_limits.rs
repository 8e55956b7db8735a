//! The template checker's recursion is bounded: the deepest inputs it
//! accepts to follow, and deeper ones, run on a 1 MiB stack (half a Rust
//! thread's default) in a debug build without overflowing, and give a
//! verdict (an error, or "valid" when only the step budget ran out).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use config_core::template::check;

/// Runs the check on a thread with a 1 MiB stack; a stack overflow would
/// abort the whole test binary.
fn on_small_stack(template: String) -> Option<String> {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || check(&template).map(|e| e.message()))
        .unwrap()
        .join()
        .unwrap()
}

fn nest(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    for depth in [10, 31, 63, 64, 65, 500, 20_000] {
        for body in [
            format!("{{{{ {} }}}}", nest("(", "1", ")", depth)),
            format!("{{{{ {}1 }}}}", "-".repeat(depth)),
            format!("{{{{ {}1 }}}}", "not ".repeat(depth)),
            format!("{{{{ {} }}}}", nest("[", "1", "]", depth)),
            format!("{{{{ {} }}}}", nest("{1:", "1", "}", depth)),
            format!("{{{{ {} }}}}", nest("\"#{", "x", "}\"", depth)),
            format!("{{{{ x{} }}}}", nest("[x", "", "]", depth)),
            format!("{{{{ x{} }}}}", nest("|default(x", "", ")", depth)),
            format!("{{{{ {} }}}}", nest("f(", "1", ")", depth)),
            nest("{% if true %}", "x", "{% endif %}", depth),
            nest("{% for i in [1] %}", "x", "{% endfor %}", depth),
            nest("{% macro m() %}", "x", "{% endmacro %}", depth),
            format!("{{{{ eval(\"{}\") }}}}", nest("(", "1", ")", depth)),
            format!("{{{{ eval(\"{}1\") }}}}", "-".repeat(depth)),
            format!("{{{{ eval(\"{}\") }}}}", nest("{", "1", "}", depth)),
        ] {
            // Any verdict will do: the point is returning at all.
            let _ = on_small_stack(body);
        }
    }
}

#[test]
fn recursion_through_macros_is_bounded() {
    let endless = "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}".to_string();
    assert!(on_small_stack(endless).unwrap().contains("calls itself"));
    for depth in [1, 20, 60] {
        let body = nest("[", "m()", "]", depth);
        let t = format!("{{% macro m() %}}{{{{ {body} }}}}{{% endmacro %}}{{{{ m() }}}}");
        let _ = on_small_stack(t);
        let t = format!(
            "{{% macro m() %}}{}{{% endmacro %}}{{{{ m() }}}}",
            nest("{% if true %}", "{{ m() }}", "{% endif %}", depth)
        );
        let _ = on_small_stack(t);
    }
    // Fan-out: 2^40 calls if nothing stopped it.
    let fan = "{% macro m() %}{{ m() }}{{ m() }}{% endmacro %}{{ m() }}".to_string();
    let _ = on_small_stack(fan);
}

#[test]
fn big_loops_are_bounded() {
    let t = "{% for i in range(1, 100000000) %}{% for j in range(1, 9999) %}{{ i }}{% endfor %}{% endfor %}";
    assert_eq!(on_small_stack(t.into()), None);
    let t = "{% for i in range(1, 9999) %}{% for j in range(1, 9999) %}{{ j + i }}{% endfor %}{% endfor %}";
    assert_eq!(on_small_stack(t.into()), None);
}
