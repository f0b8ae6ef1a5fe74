//! The `cms` binary, built again inside the test package so that tests can
//! start real server processes of their own (`CARGO_BIN_EXE_cms_under_test`):
//! a second server on the same database, for instance.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::main_entry().await
}
