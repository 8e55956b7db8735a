//! Resolving a bee's worker kind from its container image (RULES.md,
//! "Resolving a bee's kind").

/// The worker kind named by an image reference: lower-cased, without registry
/// or namespace prefix, tag or digest. Empty when nothing is left.
///
/// ```
/// use config_core::scenario::kind::kind_of_image;
/// assert_eq!(kind_of_image("processor:0.15"), "processor");
/// assert_eq!(kind_of_image("ghcr.io/x/pockethive/Processor@sha256:abc"), "processor");
/// assert_eq!(kind_of_image("localhost:5000/generator:latest"), "generator");
/// ```
pub fn kind_of_image(image: &str) -> String {
    let image = image.trim();
    // The digest goes first: it may contain ':'.
    let without_digest = image.split_once('@').map_or(image, |(name, _)| name);
    // The last path component holds the name and maybe a tag; a ':' before
    // the last '/' is a registry port, not a tag.
    let last = without_digest
        .rsplit_once('/')
        .map_or(without_digest, |(_, last)| last);
    let name = last.split_once(':').map_or(last, |(name, _)| name);
    name.to_lowercase()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::kind_of_image;

    #[test]
    fn strips_registry_tag_and_digest() {
        for image in [
            "processor",
            "processor:latest",
            "processor:0.15",
            "PROCESSOR:Latest",
            "ghcr.io/org/pockethive/processor:0.15",
            "ghcr.io/x/processor@sha256:0123abcd",
            "registry:5000/processor",
            "  processor:1  ",
        ] {
            assert_eq!(kind_of_image(image), "processor", "{image}");
        }
    }

    #[test]
    fn nothing_left_is_empty() {
        assert_eq!(kind_of_image(":latest"), "");
        assert_eq!(kind_of_image("ghcr.io/org/"), "");
    }
}
