//! IO type `RABBITMQ`: the default queue-based input and output. It has no
//! capability manifest and no sub-block: queues come from the bee's `work`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `RABBITMQ` input or output: no fields of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct RabbitmqIo {}
