//! Process-wide cached settings: one load per process, resettable for tests.
//!
//! A `OnceLock` cannot be cleared, and tests must be able to load again after
//! changing what a loader sees, so the cache is an `RwLock<Option<Arc<T>>>`:
//! reads are cheap and shared, [`Cache::reset`] empties it. The process-wide
//! getter [`get`] loads every domain from the real process environment and
//! `.env.local` in the working directory the first time it is called.
//!
//! ```
//! use config_core::settings::cache::Cache;
//! let cache: Cache<u32> = Cache::new();
//! assert_eq!(*cache.get_or_init(|| 1), 1);
//! assert_eq!(*cache.get_or_init(|| 2), 1); // cached
//! cache.reset();
//! assert_eq!(*cache.get_or_init(|| 3), 3);
//! ```

use super::{ConfigurationError, Domain, Report};
use crate::source::env::{EnvFile, Sources};
use std::sync::{Arc, RwLock};

/// A value computed once and shared until [`Cache::reset`].
#[derive(Debug, Default)]
pub struct Cache<T> {
    cell: RwLock<Option<Arc<T>>>,
}

impl<T> Cache<T> {
    /// An empty cache (usable in a `static`).
    pub const fn new() -> Self {
        Self {
            cell: RwLock::new(None),
        }
    }

    /// The cached value, computing it with `init` if the cache is empty.
    /// Two threads racing on an empty cache may both compute; one result wins.
    pub fn get_or_init(&self, init: impl FnOnce() -> T) -> Arc<T> {
        if let Some(value) = self.read() {
            return value;
        }
        let value = Arc::new(init());
        let mut slot = self.cell.write().unwrap_or_else(|p| p.into_inner());
        Arc::clone(slot.get_or_insert(value))
    }

    /// Empties the cache; the next [`Cache::get_or_init`] loads again.
    pub fn reset(&self) {
        *self.cell.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn read(&self) -> Option<Arc<T>> {
        self.cell
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(Arc::clone)
    }
}

type Loaded = Result<Report, ConfigurationError>;

/// All 18 KTRDR domains (the getters build any of them).
fn load_every_domain(sources: &Sources) -> Report {
    let every = <super::ktrdr::Every as super::ComponentSettings>::SPEC;
    super::ktrdr::KTRDR.load(&every, sources)
}

static PROCESS: Cache<Loaded> = Cache::new();

/// The cached load of every domain from the process environment and
/// `.env.local` in the working directory.
pub fn process_report() -> Arc<Loaded> {
    PROCESS.get_or_init(|| {
        Sources::from_process(&EnvFile::default_local())
            .map(|sources| load_every_domain(&sources))
            .map_err(ConfigurationError::from)
    })
}

/// One domain's settings from the cached process load, or the errors of that
/// domain (the insecure-default policy is the gate's job, not the getter's).
///
/// ```no_run
/// use config_core::settings::{cache, worker::WorkerSettings};
/// let worker = cache::get::<WorkerSettings>()?;
/// println!("port {}", worker.port);
/// # Ok::<(), config_core::gate::ConfigurationError>(())
/// ```
pub fn get<D: Domain>() -> Result<D, ConfigurationError> {
    from_report::<D>(process_report().as_ref())
}

/// Clears the process-wide cache (for tests and reloads).
pub fn reset() {
    PROCESS.reset();
}

/// One domain's settings from a load result.
pub fn from_report<D: Domain>(loaded: &Loaded) -> Result<D, ConfigurationError> {
    let report = loaded.as_ref().map_err(Clone::clone)?;
    if let Some(settings) = report.settings.get::<D>() {
        return Ok(settings.clone());
    }
    let errors = report
        .errors
        .iter()
        .filter(|e| e.domain == D::NAME || e.domain == "env_file")
        .cloned()
        .collect();
    Err(ConfigurationError::new(
        report.component,
        errors,
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::settings::worker::WorkerSettings;
    use crate::settings::{load, Component};
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn loads_once_until_reset() {
        let cache: Cache<Loaded> = Cache::new();
        let loads = AtomicUsize::new(0);
        let loader = |port: &str| {
            loads.fetch_add(1, Ordering::SeqCst);
            let sources =
                Sources::from_env_and_file([("KTRDR_WORKER_PORT", port)], &EnvFile::None).unwrap();
            Ok(load(Component::All, &sources))
        };
        let first = from_report::<WorkerSettings>(&cache.get_or_init(|| loader("6000"))).unwrap();
        let again = from_report::<WorkerSettings>(&cache.get_or_init(|| loader("7000"))).unwrap();
        assert_eq!((first.port, again.port), (6000, 6000));
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        cache.reset();
        let after = from_report::<WorkerSettings>(&cache.get_or_init(|| loader("7000"))).unwrap();
        assert_eq!(after.port, 7000);
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_broken_domain_returns_only_its_errors() {
        let sources = Sources::from_env_and_file(
            [("KTRDR_WORKER_PORT", "0"), ("KTRDR_IB_PORT", "x")],
            &EnvFile::None,
        )
        .unwrap();
        let loaded = Ok(load(Component::All, &sources));
        let err = from_report::<WorkerSettings>(&loaded).unwrap_err();
        assert_eq!(err.errors.len(), 1);
        assert_eq!(err.errors[0].env, "KTRDR_WORKER_PORT");
        assert!(from_report::<crate::settings::database::DatabaseSettings>(&loaded).is_ok());
    }
}
