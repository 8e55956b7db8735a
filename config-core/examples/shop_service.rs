//! A service that is neither KTRDR nor PocketHive adopting the settings
//! engine without touching it: two domains, one renamed variable, one
//! secret, its own components, registry and gate policy.
//!
//! ```sh
//! SHOP_HTTP_PORT=8080 SHOP_PAY_API_KEY=k cargo run -p config-core --example shop_service
//! PAYMENT_KEY=k SHOP_ENV=production cargo run -p config-core --example shop_service  # warns: renamed
//! SHOP_ENV=production cargo run -p config-core --example shop_service                # exit 1
//! ```

use config_core::deprecation::Registry;
use config_core::gate::validate;
use config_core::secret::Secret;
use config_core::settings::{GatePolicy, InsecureDefaults, Service, Settings};
use config_core::source::env::{EnvFile, Sources};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::sync::OnceLock;

/// The shop's HTTP listener.
#[derive(Debug, Clone, Serialize, Settings)]
#[settings(domain = "http", prefix = "SHOP_HTTP_")]
pub struct HttpSettings {
    /// Bind address.
    #[setting(default = "0.0.0.0")]
    pub host: String,
    /// Bind port.
    #[setting(default = 8080, ge = 1, le = 65535)]
    pub port: i64,
    /// Seconds a request may take.
    #[setting(default = 30.0, gt = 0)]
    pub timeout: f64,
}

/// The payment provider.
#[derive(Debug, Clone, Serialize, Settings)]
#[settings(domain = "payments", prefix = "SHOP_PAY_")]
pub struct PaymentSettings {
    /// The provider's API key (was `PAYMENT_KEY`); the default is a sandbox key.
    #[setting(default = "sandbox-key", insecure)]
    pub api_key: Secret,
    /// Provider mode.
    #[setting(default = "sandbox", one_of = ["sandbox", "live"])]
    pub mode: String,
}

config_core::component! {
    /// The shop's web process.
    pub struct Web for SHOP = "web" {
        http: HttpSettings,
        payments: PaymentSettings,
    }
}

/// The shop's renamed variables (a real service would `include_str!` a file).
fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::parse(
            "[[rename]]\nold = \"PAYMENT_KEY\"\nnew = \"SHOP_PAY_API_KEY\"\nsince = \"2.0\"\n",
        )
        .unwrap_or_else(|_| Registry::empty().clone())
    })
}

/// The shop as a service of the engine.
pub const SHOP: Service = Service {
    name: "shop",
    registry,
    components: &[<Web as config_core::settings::ComponentSettings>::SPEC],
    domains: <Web as config_core::settings::ComponentSettings>::SPEC.domains,
    policy: GatePolicy {
        insecure_defaults: Some(InsecureDefaults {
            environment_var: "SHOP_ENV",
            production: "prod",
            acknowledge_var: "SHOP_ACCEPT_SANDBOX",
            always_checked: &[],
        }),
    },
};

fn main() -> ExitCode {
    let sources = match Sources::from_process(&EnvFile::None) {
        Ok(sources) => sources,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    start(&sources, &mut std::io::stdout(), &mut std::io::stderr())
}

/// The gate, then the typed settings (tested by `tests/shop_service.rs`).
pub fn start(sources: &Sources, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    match validate::<Web>(sources) {
        Ok(valid) => {
            for warning in &valid.report.warnings {
                let _ = writeln!(err, "warning: {}", warning.message);
            }
            let web = valid.settings;
            let _ = writeln!(
                out,
                "shop listening on {}:{} (payments {}, key {})",
                web.http.host, web.http.port, web.payments.mode, web.payments.api_key
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(err, "{error}");
            ExitCode::from(1)
        }
    }
}
