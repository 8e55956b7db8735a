//! `cfgate lsp`: a Language Server over stdio (built on `lsp-server` and
//! `lsp-types`, see docs/decisions.md). One concern per module:
//!
//! - [`server`]: the loop (initialize, documents, requests, shutdown).
//! - [`documents`]: open documents within a memory budget.
//! - [`debounce`]: one check per pause in typing.
//! - [`engine`]: every call into the library (the only such module).
//! - [`position`]: byte offsets <-> UTF-16 positions.
//! - [`diagnostics`], [`actions`], [`hover`], [`completion`],
//!   [`definition`]: one feature each.

pub mod actions;
pub mod completion;
pub mod debounce;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod engine;
pub mod hover;
pub mod position;
pub mod server;

use lsp_server::Connection;
use std::process::ExitCode;

/// Serves the client on stdin/stdout until it exits.
pub fn run() -> ExitCode {
    let (connection, io_threads) = Connection::stdio();
    let outcome = server::serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (outcome, joined) {
        (Ok(true), Ok(())) => ExitCode::SUCCESS,
        (Ok(false), _) => ExitCode::from(1),
        (Err(error), _) => {
            eprintln!("cfgate lsp: {error}");
            ExitCode::from(1)
        }
        (Ok(true), Err(error)) => {
            eprintln!("cfgate lsp: {error}");
            ExitCode::from(1)
        }
    }
}
