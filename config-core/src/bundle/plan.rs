//! The bundle view of `cfgate plan`: per template consumer, the templates it
//! will load (by `serviceId::callId`), and the variables each profile
//! resolves to, secrets masked.

use super::references::{bundle_root, consumers, is_under, Root};
use super::templates::read_all;
use super::{variables, Bundle};
use crate::secret::mask_secret_fields;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a bundle adds to the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BundlePlan {
    /// One entry per template consumer, in bee order.
    pub consumers: Vec<ConsumerPlan>,
    /// Per profile: `global` values and, per SUT, the values the SUT sees
    /// (global overlaid with the SUT's own). Secret-named values masked.
    pub variables: BTreeMap<String, serde_json::Value>,
}

/// The templates one consumer loads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsumerPlan {
    /// The bee's role.
    pub role: String,
    /// `config.templateRoot` as written.
    #[serde(rename = "templateRoot")]
    pub template_root: String,
    /// The folder it maps to in the bundle (`None`: outside the bundle).
    #[serde(rename = "bundleFolder")]
    pub bundle_folder: Option<String>,
    /// `serviceId::callId` -> template file (bundle-relative).
    pub templates: BTreeMap<String, String>,
}

/// Builds the bundle view (meant for bundles that check clean).
///
/// ```
/// use config_core::bundle::{plan::plan, Bundle};
/// use config_core::source::yaml::{parse, Limits};
/// let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bundles/ph620-variables-missing/pass"));
/// let text = std::fs::read_to_string(root.join("scenario.yaml")).unwrap();
/// let doc = parse(&text, &Limits::default()).unwrap();
/// let view = plan(&Bundle::new(root, "shop", &doc, &text, &Limits::default()));
/// assert!(view.consumers.iter().any(|c| !c.templates.is_empty()));
/// ```
pub fn plan(bundle: &Bundle<'_>) -> BundlePlan {
    let mut ignored = Vec::new();
    let templates = read_all(bundle, &mut ignored);
    let consumers = consumers(bundle.scenario)
        .into_iter()
        .map(|consumer| {
            let folder = match bundle_root(&consumer.template_root) {
                Root::Inside(root) => Some(root),
                Root::Escapes | Root::Outside => None,
            };
            let mut loaded = BTreeMap::new();
            if let Some(root) = &folder {
                for t in templates.iter().filter(|t| is_under(t.rel(), root)) {
                    if let Some(key) = t.key() {
                        loaded.entry(key).or_insert_with(|| t.rel().to_string());
                    }
                }
            }
            ConsumerPlan {
                role: consumer.role,
                template_root: consumer.template_root,
                bundle_folder: folder,
                templates: loaded,
            }
        })
        .collect();
    let mut variables = variables::resolve(bundle).unwrap_or_default();
    for value in variables.values_mut() {
        mask_secret_fields(value);
    }
    BundlePlan {
        consumers,
        variables,
    }
}
