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

/// The image names of the platform's production capability manifests
/// (`scenario-manager-service/capabilities/*.latest.yaml` at 86f57af7).
pub const PLATFORM_MANIFESTS: &[&str] = &[
    "clearing-export",
    "db-query",
    "generator",
    "http-sequence",
    "io-csv-dataset",
    "io-redis-dataset",
    "io-redis-output",
    "io-scheduler",
    "moderator",
    "postprocessor",
    "processor",
    "request-builder",
    "swarm-controller",
    "trigger",
];

/// Whether a kind (from [`kind_of_image`]) names a production capability
/// manifest: the platform resolves every image against these.
pub fn is_known_manifest(kind: &str) -> bool {
    PLATFORM_MANIFESTS.contains(&kind)
}

/// Whether a kind names one of the IO manifests (`io-scheduler`, ...): a bee
/// with such an image gets that manifest's fields as its own.
pub fn is_io_manifest(kind: &str) -> bool {
    kind.starts_with("io-") && is_known_manifest(kind)
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
