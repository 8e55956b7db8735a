//! Data storage settings, prefix `KTRDR_DATA_` (`data_dir` is explicitly
//! `KTRDR_DATA_DIR` in the service, not `KTRDR_DATA_DATA_DIR`).

use crate::settings::Settings;
use serde::Serialize;

/// Where market data, models and caches live.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "data", prefix = "KTRDR_DATA_")]
pub struct DataSettings {
    /// The data directory.
    #[setting(env = "KTRDR_DATA_DIR", default = "data")]
    pub data_dir: String,
    /// The models directory (`KTRDR_MODELS_DIR` is not a settings name).
    #[setting(default = "models")]
    pub models_dir: String,
    /// The cache directory.
    #[setting(default = "data/cache")]
    pub cache_dir: String,
    /// Most bars per download segment.
    #[setting(default = 5000, gt = 0)]
    pub max_segment_size: i64,
    /// Minutes between periodic saves.
    #[setting(default = 0.5, gt = 0)]
    pub periodic_save_interval: f64,
}
