//! A PostgreSQL server of a test's own, for tests that stop the database
//! mid-run (`tests/outage.rs`): `initdb` and `pg_ctl` from Debian's
//! `postgresql` package (`/usr/lib/postgresql/<version>/bin`, the newest
//! installed), a cluster in a temporary folder, trust authentication, a
//! free loopback port.
//!
//! Nothing is skipped: without the binaries, or when the cluster cannot
//! start, the test fails with the reason. initdb refuses to run as root
//! (as CI runs), so as root every command runs as the OS user `postgres`
//! (`runuser`), which Debian's package creates, in a folder it owns.
//! Dropping the guard stops the server (immediately) and removes the
//! folder, also when the test panics.

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BINARIES: &str = "/usr/lib/postgresql";

/// A running (or stopped) cluster; stopped and removed on drop.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    /// Creates a cluster in a new temporary folder and starts it.
    ///
    /// # Panics
    /// When the binaries are missing or the cluster cannot start.
    #[must_use]
    pub fn start() -> Self {
        let bin = newest_bin_dir();
        let dir = std::env::temp_dir().join(format!(
            "cms_cluster_{}_{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        let as_postgres = running_as_root();
        let cluster = Self {
            bin,
            dir,
            port: free_port(),
            as_postgres,
        };
        if as_postgres {
            let chown = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&cluster.dir)
                .output()
                .expect("running chown");
            assert!(
                chown.status.success(),
                "chown postgres {} failed (is Debian's postgresql installed, with its \
                 OS user postgres?): {}",
                cluster.dir.display(),
                String::from_utf8_lossy(&chown.stderr)
            );
        }
        let data = cluster.data();
        let init = cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        );
        assert!(
            init.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&init.stdout),
            String::from_utf8_lossy(&init.stderr)
        );
        cluster.start_again();
        cluster
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the (stopped) server and waits until it accepts connections.
    ///
    /// # Panics
    /// When it does not start; the server's log is in the message.
    pub fn start_again(&self) {
        let options = format!(
            "-c port={} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} \
             -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        let start = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log.display().to_string(),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        assert!(
            start.status.success(),
            "pg_ctl start failed: {}{}\n{}",
            String::from_utf8_lossy(&start.stdout),
            String::from_utf8_lossy(&start.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stops the server as an operator would (`pg_ctl stop -m fast`: open
    /// transactions are rolled back, every connection is closed) and waits
    /// until it is down.
    ///
    /// # Panics
    /// When it does not stop.
    pub fn stop(&self) {
        let stop = self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "fast", "-w", "-t", "60", "stop"],
        );
        assert!(
            stop.status.success(),
            "pg_ctl stop failed: {}{}",
            String::from_utf8_lossy(&stop.stdout),
            String::from_utf8_lossy(&stop.stderr)
        );
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// Runs one of the cluster binaries, as `postgres` when we are root,
    /// from the cluster's folder (which that user can read).
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        command
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", program.display()))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Already stopped is fine: the folder goes either way.
        let _ = self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The `bin` folder of the newest PostgreSQL under `/usr/lib/postgresql`
/// that has both `initdb` and `pg_ctl`.
fn newest_bin_dir() -> PathBuf {
    let missing = "install Debian's postgresql package (bash .ci/run does): this test \
                   starts a PostgreSQL server of its own and is never skipped";
    let entries = std::fs::read_dir(BINARIES)
        .unwrap_or_else(|e| panic!("cannot list {BINARIES} ({e}): {missing}"));
    let mut found: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            let complete = has(&bin, "initdb") && has(&bin, "pg_ctl");
            complete.then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .unwrap_or_else(|| panic!("no initdb and pg_ctl under {BINARIES}/<version>/bin: {missing}"))
}

fn has(bin: &Path, program: &str) -> bool {
    bin.join(program).is_file()
}

/// Whether this process runs as root (it owns its own `/proc/self`).
fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A loopback port that nothing listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("finding a free port")
}
