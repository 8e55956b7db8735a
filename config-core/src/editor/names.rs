//! Names an editor jumps between or proposes: bee roles (topology
//! endpoints name them) and "did you mean" suggestions of findings.

use crate::finding::Finding;
use crate::source::yaml::{pointer_segments, Node, Span};

/// A bee's role and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The role.
    pub name: String,
    /// The span of the role's value.
    pub span: Span,
}

/// Every bee role declared under `template.bees`, in file order.
///
/// ```
/// use config_core::editor::names::bee_roles;
/// use config_core::source::yaml::{parse, Limits};
/// let doc = parse("template:\n  bees:\n    - role: gen\n    - role: mod\n", &Limits::default()).unwrap();
/// let roles: Vec<String> = bee_roles(&doc.root).into_iter().map(|r| r.name).collect();
/// assert_eq!(roles, ["gen", "mod"]);
/// ```
pub fn bee_roles(root: &Node) -> Vec<Role> {
    root.pointer("/template/bees")
        .and_then(Node::as_seq)
        .into_iter()
        .flatten()
        .filter_map(|bee| {
            let role = bee.get("role")?;
            Some(Role {
                name: role.as_str()?.to_string(),
                span: role.span,
            })
        })
        .collect()
}

/// Whether `pointer` is a topology endpoint's role (`/topology/edges/N/from/role`).
pub fn is_endpoint_role(pointer: &str) -> bool {
    matches!(
        pointer_segments(pointer).as_slice(),
        [t, e, _, side, r] if t == "topology" && e == "edges" && (side == "from" || side == "to") && r == "role"
    )
}

/// The bee a topology endpoint's role names: the span of that bee's role.
pub fn role_definition(root: &Node, pointer: &str) -> Option<Span> {
    if !is_endpoint_role(pointer) {
        return None;
    }
    let name = root.pointer(pointer)?.as_str()?;
    bee_roles(root)
        .into_iter()
        .find(|r| r.name == name)
        .map(|r| r.span)
}

/// The name a finding suggests instead ("did you mean 'role'?" in its
/// message or fix), when it has one.
///
/// ```
/// use config_core::editor::names::suggestion;
/// use config_core::finding::Finding;
/// let f = Finding::error("PH112", "unknown bee field 'rol'").with_fix("did you mean 'role'? (bees accept ...)");
/// assert_eq!(suggestion(&f).as_deref(), Some("role"));
/// ```
pub fn suggestion(finding: &Finding) -> Option<String> {
    [&finding.message, &finding.fix]
        .into_iter()
        .find_map(|text| {
            let at = text.find("did you mean ")?;
            let rest = text.get(at + "did you mean ".len()..)?;
            let quote = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '\'' | '`' | '"'))?;
            let body = rest.get(quote.len_utf8()..)?;
            let end = body.find(quote)?;
            body.get(..end)
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse, Limits};

    #[test]
    fn endpoint_roles_lead_to_their_bee() {
        let text = "template:\n  bees:\n    - role: gen\ntopology:\n  edges:\n    - from: {role: gen, port: out}\n";
        let doc = parse(text, &Limits::default()).unwrap();
        let span = role_definition(&doc.root, "/topology/edges/0/from/role").unwrap();
        assert_eq!((span.line, span.column), (3, 13));
        assert!(role_definition(&doc.root, "/template/bees/0/role").is_none());
    }

    #[test]
    fn suggestions_in_backquotes_and_none() {
        let f = Finding::warning("PH390", "unknown key `a.rate`; did you mean `ratePerSec`?");
        assert_eq!(suggestion(&f).as_deref(), Some("ratePerSec"));
        assert!(suggestion(&Finding::warning("PH390", "unknown key")).is_none());
    }
}
