//! Sources of raw values, each value with where it came from.
//!
//! - [`dotenv`]: a `.env`-style file lexer that keeps byte spans, so the
//!   settings loader can say `file:PATH:LINE` and the migrator can rename a
//!   variable without touching any other byte.

pub mod dotenv;
