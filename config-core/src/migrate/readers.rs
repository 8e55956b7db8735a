//! Old variable names that KTRDR code still reads directly (`os.getenv`,
//! bypassing the settings classes; SETTINGS.md §5): renaming one in a file
//! that feeds those processes silently changes what they do, so every
//! rename or drop of one is reported with the reader it affects.

/// One direct reader: the old name, where it is read, and what a rename
/// changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DirectReader {
    /// The old name the code reads.
    pub(crate) name: &'static str,
    /// Where (upstream `path:line`).
    pub(crate) reader: &'static str,
    /// What happens when only the new name is set.
    pub(crate) effect: &'static str,
}

/// Every old name in the registry that service code still reads directly,
/// with the readers a rename changes. (`MODELS_DIR` and the alembic `DB_*`
/// reads are left out: those readers try the new name first.)
pub(crate) const DIRECT_READERS: &[DirectReader] = &[
    DirectReader {
        name: "DB_HOST",
        reader: "ktrdr/api/startup.py:80-83, 226-240",
        effect:
            "startup reconciliation is skipped and the checkpoint cleanup service does not start",
    },
    DirectReader {
        name: "OPERATIONS_CACHE_TTL",
        reader: "ktrdr/api/services/operations_service.py:119-121",
        effect: "the operations service cache TTL reverts to 1.0",
    },
    DirectReader {
        name: "USE_IB_HOST_SERVICE",
        reader: "ktrdr/api/services/ib_service.py:108-116 (and two diagnostics modules)",
        effect: "the IB status check falls back to config/settings.yaml or disabled",
    },
    DirectReader {
        name: "USE_TRAINING_HOST_SERVICE",
        reader: "ktrdr/training/training_manager.py:46-75 (also service_orchestrator.py:670-686)",
        effect: "training silently switches to local mode",
    },
    DirectReader {
        name: "WORKER_ID",
        reader: "training-host-service/main.py:90",
        effect: "the training host's worker id becomes auto-generated",
    },
    DirectReader {
        name: "WORKER_PORT",
        reader: "training-host-service/main.py:208, 219",
        effect: "the training host's port reverts to 5002",
    },
    DirectReader {
        name: "KTRDR_API_URL",
        reader: "training-host-service/main.py:209, mcp/src/config.py:20, ktrdr/cli/app.py:63-69",
        effect: "the training host, the MCP server and the CLI revert to their default backend URL",
    },
    DirectReader {
        name: "OTLP_ENDPOINT",
        reader: "mcp/src/main.py:78, ib-host-service/main.py:51, orchestrator/config.py:33, 61",
        effect: "those processes' tracing endpoint reverts to http://localhost:4317",
    },
];

/// The direct reader of `name`, if service code still reads it (example:
/// the unit test `tests::direct_reader_example`).
pub(crate) fn direct_reader(name: &str) -> Option<&'static DirectReader> {
    DIRECT_READERS.iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_direct_reader_is_a_registered_old_name() {
        let registry = crate::deprecation::registry();
        for reader in super::DIRECT_READERS {
            assert!(registry.by_old(reader.name).is_some(), "{}", reader.name);
        }
    }

    #[test]
    fn direct_reader_example() {
        use super::direct_reader;
        assert!(
            direct_reader("DB_HOST").is_some_and(|r| r.reader.starts_with("ktrdr/api/startup.py"))
        );
        assert!(direct_reader("DB_PORT").is_none());
    }
}
