//! The `cms` binary: everything it does is in the library, so that tests
//! can run the same thing (see `server::main_entry`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::main_entry().await
}
