//! Syntax check of a `java.util.regex.Pattern` (the platform compiles Redis
//! route `match` / `headerMatch` with `Pattern.compile`, VALIDATOR.md §9).
//!
//! No maintained Rust crate parses Java's dialect, so the Java-only forms are
//! rewritten to equivalent forms `regex-syntax` parses (its AST parser, which
//! does not resolve class names such as `\p{javaLowerCase}`), and the forms
//! Java rejects but `regex-syntax` accepts are refused first:
//!
//! | Java | handled as |
//! | --- | --- |
//! | `\Q…\E` quoting | the quoted text, escaped |
//! | possessive `a*+`, `a++`, `a?+`, `a{n}+` | the greedy form |
//! | atomic `(?>…)`, look-around `(?=…)` `(?!…)` `(?<=…)` `(?<!…)` | a non-capturing group |
//! | back-references `\1`, `\k<name>` | an empty group |
//! | `\h` `\H` `\R` `\X` `\G` `\Z` `\e` `\cX` `\0nn` | an equivalent class or literal |
//! | `(?P<x>…)`, `(?P=x)` (Python) | **error** "Unknown inline modifier" |
//! | `(?<a_b>…)` (group names are `[A-Za-z][A-Za-z0-9]*`) | **error** |
//! | `\U…`, inline flag `R` | **error** |

/// Why `pattern` does not compile with `java.util.regex.Pattern`, or `None`.
///
/// Example: the unit test `doc_examples::syntax_error`.
pub(crate) fn syntax_error(pattern: &str) -> Option<String> {
    let rewritten = match rewrite(pattern) {
        Ok(r) => r,
        Err(why) => return Some(why),
    };
    match regex_syntax::ast::parse::Parser::new().parse(&rewritten) {
        Ok(_) => None,
        Err(e) => {
            let at = if rewritten == pattern {
                format!(" (at character {})", e.span().start.column)
            } else {
                String::new()
            };
            Some(format!("{}{at}", e.kind()))
        }
    }
}

/// Rewrites the Java-only forms (see the module docs); `Err` for forms Java
/// rejects.
fn rewrite(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut class_depth = 0usize;
    // Whether the previous token was a quantifier (for possessive `+`).
    let mut after_quantifier = false;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        let was_quantifier = after_quantifier;
        after_quantifier = false;
        match c {
            '\\' => {
                i = escape(&chars, i, class_depth > 0, &mut out)?;
                continue;
            }
            '[' => class_depth += 1,
            ']' if class_depth > 0 => class_depth -= 1,
            '(' if class_depth == 0 && next == Some('?') => {
                i = group_open(&chars, i, &mut out)?;
                continue;
            }
            '+' if class_depth == 0 && was_quantifier => {
                // Possessive: same syntax as the greedy form.
                i += 1;
                continue;
            }
            '*' | '+' | '?' if class_depth == 0 => {
                out.push(c);
                // A lazy `?` after a quantifier ends the quantifier.
                after_quantifier = !(c == '?' && was_quantifier);
                i += 1;
                continue;
            }
            '}' if class_depth == 0 => {
                out.push(c);
                after_quantifier = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

/// Handles the escape at `chars[i]` (a `\`); returns the next index.
fn escape(chars: &[char], i: usize, in_class: bool, out: &mut String) -> Result<usize, String> {
    let Some(&e) = chars.get(i + 1) else {
        return Err(format!(
            "Unexpected internal error near index {}: a trailing backslash",
            i + 1
        ));
    };
    let literal = |out: &mut String, s: &str| out.push_str(&regex_syntax::escape(s));
    let empty = if in_class { "" } else { "(?:)" };
    let next = i + 2;
    Ok(match e {
        'Q' => {
            let rest: String = chars.get(next..).unwrap_or_default().iter().collect();
            let (quoted, after) = match rest.find("\\E") {
                Some(end) => (rest.get(..end).unwrap_or_default(), end + 2),
                None => (rest.as_str(), rest.len()),
            };
            if quoted.is_empty() {
                out.push_str(empty);
            } else if in_class {
                literal(out, quoted);
            } else {
                out.push_str("(?:");
                literal(out, quoted);
                out.push(')');
            }
            next + rest.get(..after).unwrap_or_default().chars().count()
        }
        'E' => {
            // A stray `\E` is ignored by Java.
            next
        }
        '1'..='9' if !in_class => {
            // Back-reference: digits are consumed greedily.
            let mut j = next;
            while chars.get(j).is_some_and(char::is_ascii_digit) {
                j += 1;
            }
            out.push_str(empty);
            j
        }
        'k' if !in_class && chars.get(next) == Some(&'<') => {
            let close = chars
                .get(next..)
                .and_then(|rest| rest.iter().position(|c| *c == '>'))
                .ok_or_else(|| {
                    format!("named capturing group is missing trailing '>' near index {next}")
                })?;
            out.push_str(empty);
            next + close + 1
        }
        'h' => {
            out.push_str(r"[ \t]");
            next
        }
        'H' => {
            out.push_str(r"[^ \t]");
            next
        }
        'R' if !in_class => {
            out.push_str(r"(?:\r\n|\n|\r)");
            next
        }
        'X' if !in_class => {
            out.push_str("(?s:.)");
            next
        }
        'G' | 'Z' if !in_class => {
            out.push_str(empty);
            next
        }
        'e' => {
            out.push_str(r"\x1B");
            next
        }
        'c' => {
            if chars.get(next).is_none() {
                return Err(format!("Illegal control escape sequence near index {next}"));
            }
            out.push('x');
            next + 1
        }
        '0' => {
            let mut j = next;
            while j < next + 3 && chars.get(j).is_some_and(|c| ('0'..='7').contains(c)) {
                j += 1;
            }
            if j == next {
                return Err(format!(
                    "Illegal octal escape sequence near index {}",
                    i + 2
                ));
            }
            out.push('x');
            j
        }
        'U' => {
            return Err(format!(
                "Illegal/unsupported escape sequence near index {}",
                i + 1
            ))
        }
        _ => {
            out.push('\\');
            out.push(e);
            next
        }
    })
}

/// Handles `(?` at `chars[i]`; returns the next index.
fn group_open(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let after = i + 2;
    let third = chars.get(after).copied();
    let fourth = chars.get(after + 1).copied();
    match (third, fourth) {
        (Some('>' | '=' | '!'), _) => {
            out.push_str("(?:");
            Ok(after + 1)
        }
        (Some('<'), Some('=' | '!')) => {
            out.push_str("(?:");
            Ok(after + 2)
        }
        (Some('<'), _) => {
            let name: String = chars
                .get(after + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| **c != '>')
                .collect();
            let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric());
            if !valid {
                return Err(format!(
                    "named capturing group name '{name}' is invalid near index {after}: Java \
                     allows only ASCII letters and digits, starting with a letter"
                ));
            }
            out.push_str("(?<");
            Ok(after + 1)
        }
        (Some(flag), _) if flag.is_ascii_alphabetic() || flag == '-' => {
            // Inline flags: Java's `idmsuxU`, with `-`.
            let mut j = after;
            out.push_str("(?");
            while let Some(&f) = chars.get(j) {
                match f {
                    'i' | 'm' | 's' | 'u' | 'x' | 'U' | '-' => out.push(f),
                    // UNIX_LINES: no effect on syntax.
                    'd' => {}
                    ':' | ')' => break,
                    other => {
                        return Err(format!("Unknown inline modifier near index {j}: '{other}'"))
                    }
                }
                j += 1;
            }
            if out.ends_with("(?") || out.ends_with("(?-") {
                // Only `d` (no effect on syntax): keep a valid flag group.
                let trimmed = out.trim_end_matches('-').len();
                out.truncate(trimmed);
                out.push('u');
            }
            Ok(j)
        }
        (Some(':'), _) => {
            out.push_str("(?:");
            Ok(after + 1)
        }
        _ => Err(format!("Unknown inline modifier near index {after}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::syntax_error;

    #[test]
    fn java_forms_are_valid() {
        for ok in [
            r"^order-\d+$",
            r"\Q.*+?\E",
            r"\Qa.b",
            r"[\Q]\E]",
            r"a++",
            r"a*+b?+c{2}+",
            r"a*?",
            r"(?>ab|a)c",
            r"(?=x)(?!y)(?<=z)(?<!w)q",
            r"(a)\1",
            r"(?<name1>a)\k<name1>",
            r"\p{javaLowerCase}\p{IsAlphabetic}\p{InGreek}\p{Lower}",
            r"(?i)abc",
            r"(?i:abc)",
            r"(?d)a",
            r"(?iu-s)x",
            r"\h\H\R\X\G\Z\e\cA\012",
            r"[a-z&&[^aeiou]]",
            r"\u00e9\x41\x{263a}",
            r"\<\>",
        ] {
            assert_eq!(syntax_error(ok), None, "{ok}");
        }
    }

    #[test]
    fn java_rejects_these() {
        for bad in [
            r"(?P<x>a)",
            r"(?P=x)",
            r"(?<a_b>x)",
            r"(?<1a>x)",
            r"(?R)",
            r"a(",
            r"[a",
            r"*a",
            r"a{2,1}",
            r"\U0001F600",
            r"\y",
            r"\",
            r"(?#comment)",
        ] {
            assert!(syntax_error(bad).is_some(), "{bad}");
        }
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn syntax_error() {
        use crate::scenario::java_regex::syntax_error;
        assert_eq!(syntax_error(r"\Qa.b\E"), None);
        assert_eq!(syntax_error(r"a++b*+"), None);
        assert_eq!(syntax_error(r"(?<id>\d+)-\k<id>"), None);
        assert_eq!(syntax_error(r"(?<=x)y(?!z)"), None);
        assert!(syntax_error(r"(?P<x>a)").is_some());
        assert!(syntax_error(r"a(").is_some());
    }
}
