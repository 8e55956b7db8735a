//! IO type `NONE` (outputs only): the worker publishes nothing. No manifest,
//! no sub-block.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `NONE` output: no fields of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct NoneOutput {}
