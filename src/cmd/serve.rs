//! `actorgraph serve`: checks the options, opens the store (for reading, or for writing with
//! `--writable` and a token) and hands over to the HTTP server in `server/`.

use super::{store_location, Outcome};
use crate::cli::{ServeArgs, StoreArgs};
use crate::server::{self, Limits, ServerConfig};
use anyhow::{bail, Result};
use std::time::Duration;

pub(super) fn run(store_args: &StoreArgs, args: ServeArgs) -> Result<Outcome> {
    if !(args.query_timeout.is_finite() && args.query_timeout > 0.0) {
        bail!("--query-timeout {}: give a number of seconds above 0", args.query_timeout);
    }
    if args.max_result_mib == 0 || args.max_body_mib == 0 || args.workers == Some(0) {
        bail!("--max-result-mib, --max-body-mib and --workers must be at least 1");
    }
    if !(store_args.wait.is_finite() && store_args.wait >= 0.0) {
        bail!("--wait {}: give a number of seconds, 0 or more", store_args.wait);
    }
    let token = if args.writable { Some(server::read_token(args.token_file.as_deref())?) } else { None };
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    server::run(ServerConfig {
        bind: args.bind,
        location: store_location(store_args)?,
        token,
        wait: Duration::from_secs_f64(store_args.wait),
        limits: Limits {
            timeout: Duration::from_secs_f64(args.query_timeout),
            max_result: args.max_result_mib.saturating_mul(1024 * 1024),
            max_body: args.max_body_mib.saturating_mul(1024 * 1024),
        },
        workers: args.workers.unwrap_or(2 * cpus),
    })?;
    Ok(Outcome::Found)
}
