//! A service declared to the engine: its domains, its components (which
//! domains one process needs), its deprecation registry and its gate
//! policy. The engine names no service; KTRDR ([`super::ktrdr`]) and the
//! PocketHive worker host ([`super::pockethive`]) are two declarations of
//! this kind, and `config-core/examples/` has a third.

use super::{load, Domain, Report};
use crate::deprecation::Registry;
use crate::source::env::Sources;

/// One domain of a component: its key and how to load it (type-erased, so
/// a component can list domains of different types).
#[derive(Clone, Copy)]
pub struct DomainEntry {
    /// The domain key (`worker`).
    pub name: &'static str,
    /// The variable prefix (`KTRDR_WORKER_`).
    pub prefix: &'static str,
    /// The namespace of a YAML settings file, if the domain reads one.
    pub file_namespace: Option<&'static str>,
    /// The domain's description (its doc comment).
    pub description: &'static str,
    /// Every field, in declaration order.
    pub fields: fn() -> &'static [super::FieldSpec],
    /// Each field's variable name and its lower-cased form
    /// ([`Domain::ENV_NAMES`]; empty when built at load).
    pub(crate) env_names: &'static [(&'static str, &'static str)],
    load: fn(&Sources, &Registry, &mut Report),
}

impl std::fmt::Debug for DomainEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DomainEntry")
            .field("name", &self.name)
            .finish()
    }
}

impl DomainEntry {
    /// The entry of domain `D`.
    pub const fn of<D: Domain>() -> Self {
        Self {
            name: D::NAME,
            prefix: D::PREFIX,
            file_namespace: D::FILE_NAMESPACE,
            description: D::DESCRIPTION,
            fields: D::fields,
            env_names: D::ENV_NAMES,
            load: load::load_domain_into::<D>,
        }
    }

    /// Loads the domain into `report`.
    pub fn load(&self, sources: &Sources, registry: &Registry, report: &mut Report) {
        (self.load)(sources, registry, report)
    }
}

/// A process of a service and the domains it needs, in report order.
#[derive(Debug, Clone, Copy)]
pub struct ComponentSpec {
    /// The component's name (`worker`).
    pub name: &'static str,
    /// One line: what runs with these settings.
    pub description: &'static str,
    /// Its domains, in report order.
    pub domains: &'static [DomainEntry],
    /// How its process reads its inputs.
    pub inputs: Inputs,
}

/// How a component's process reads its inputs, beyond the engine's
/// defaults (exact names, every domain reads every source, unknown
/// env-file keys ignored). KTRDR's differ: see [`super::ktrdr::INPUTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs {
    /// Variable names match in any case (both sides Unicode lower-cased).
    pub case_insensitive_names: bool,
    /// Domains that read no env file: only the process environment counts
    /// for them.
    pub env_file_ignored_by: &'static [&'static str],
    /// Domains that reject every non-empty env-file key that is none of
    /// their own names: the process fails to start on such a key.
    pub env_file_extras_rejected_by: &'static [&'static str],
    /// Whether the process runs its service's gate policy (insecure
    /// defaults) on start; `false` for domains only read at first use.
    pub startup_gate: bool,
    /// How raw strings become typed values.
    pub value_syntax: super::parse::ValueSyntax,
}

impl Inputs {
    /// The engine's defaults.
    pub const EXACT: Inputs = Inputs {
        case_insensitive_names: false,
        env_file_ignored_by: &[],
        env_file_extras_rejected_by: &[],
        startup_gate: true,
        value_syntax: super::parse::ValueSyntax::Lenient,
    };
}

/// What the gate does beyond each domain's own rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct GatePolicy {
    /// The insecure-defaults rule, if the service has one.
    pub insecure_defaults: Option<InsecureDefaults>,
}

/// Fields still at an insecure development default (`#[setting(insecure)]`)
/// are an error when `environment_var` names the production environment,
/// otherwise a warning that `acknowledge_var=true` silences.
#[derive(Debug, Clone, Copy)]
pub struct InsecureDefaults {
    /// The variable naming the environment (`KTRDR_ENV`).
    pub environment_var: &'static str,
    /// Its value meaning production (compared trimmed, any case).
    pub production: &'static str,
    /// The variable that silences the warning outside production.
    pub acknowledge_var: &'static str,
    /// Domains whose insecure defaults are checked for every component,
    /// even one that does not otherwise load them (KTRDR checks the JWT
    /// secret for workers too). Their load errors fail the gate: the
    /// service reads them for the check and fails on them.
    pub always_checked: &'static [DomainEntry],
}

/// A service: everything the engine needs to load and gate its settings.
///
/// ```
/// use config_core::settings::ktrdr::KTRDR;
/// use config_core::source::env::Sources;
/// let worker = KTRDR.component("worker").unwrap();
/// let report = KTRDR.load(worker, &Sources::new());
/// assert!(report.is_ok());
/// assert_eq!(report.values[0].domain, "database"); // the service's class order
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// The service's name (`ktrdr`).
    pub name: &'static str,
    /// Its renamed variables.
    pub registry: fn() -> &'static Registry,
    /// Its processes and their domains.
    pub components: &'static [ComponentSpec],
    /// Every domain, in documentation order (components may share domains).
    pub domains: &'static [DomainEntry],
    /// What the gate adds.
    pub policy: GatePolicy,
}

impl Service {
    /// The component called `name`.
    pub fn component(&self, name: &str) -> Option<&'static ComponentSpec> {
        self.components.iter().find(|c| c.name == name)
    }

    /// Loads every domain of `component` (no gate policy; see
    /// [`crate::gate::check_service`]), reading the sources as the
    /// component's process does ([`ComponentSpec::inputs`]).
    pub fn load(&self, component: &ComponentSpec, sources: &Sources) -> Report {
        load::load_component(component, sources, (self.registry)())
    }
}

/// A component's settings as one typed struct, every domain present (no
/// `Option` per domain). Declared with [`crate::component!`]; loaded with
/// [`crate::gate::validate`].
pub trait ComponentSettings: Sized {
    /// The service it belongs to.
    const SERVICE: &'static Service;
    /// Its name and domains.
    const SPEC: ComponentSpec;
    /// Takes every domain out of a load's typed settings; `None` when one
    /// is missing (it had errors).
    fn take(settings: &mut super::Settings) -> Option<Self>;
}

/// Declares a component: a struct with one typed field per domain, and its
/// [`ComponentSettings`] (name, domains in field order, service).
///
/// ```
/// use config_core::component;
/// use config_core::settings::ktrdr::{database::DatabaseSettings, logging::LoggingSettings, KTRDR};
/// component! {
///     /// A process that needs only the database and logging.
///     pub struct Migrator for KTRDR = "migrator" {
///         database: DatabaseSettings,
///         logging: LoggingSettings,
///     }
/// }
/// let valid = config_core::gate::validate::<Migrator>(&config_core::source::env::Sources::new()).unwrap();
/// assert_eq!(valid.settings.database.port, 5432);
/// ```
#[macro_export]
macro_rules! component {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident for $service:path = $cname:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $crate::component! {
            $(#[doc = $doc])*
            $vis struct $name for $service = $cname, inputs $crate::settings::Inputs::EXACT {
                $( $(#[$fmeta])* $field : $ty ),*
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident for $service:path = $cname:literal, inputs $inputs:path {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone)]
        $vis struct $name {
            $(
                #[doc = concat!("The `", stringify!($field), "` domain.")]
                $(#[$fmeta])* pub $field: $ty,
            )*
        }

        impl $crate::settings::ComponentSettings for $name {
            const SERVICE: &'static $crate::settings::Service = &$service;
            const SPEC: $crate::settings::ComponentSpec = $crate::settings::ComponentSpec {
                name: $cname,
                description: concat!($($doc),*),
                domains: &[ $( $crate::settings::DomainEntry::of::<$ty>() ),* ],
                inputs: $inputs,
            };
            fn take(settings: &mut $crate::settings::Settings) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(Self {
                    $( $field: settings.remove::<$ty>()?, )*
                })
            }
        }
    };
}
