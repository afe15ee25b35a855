//! A real PostgreSQL server for the tests of one test binary, and a fresh database per test.
//!
//! `RC_INTAKE_TEST_POSTGRES_URL` (a superuser URL) names a server to use instead. Otherwise
//! the first test that asks starts one: Debian's `initdb`/`postgres` into a temporary directory,
//! as the `postgres` user when the tests run as root (PostgreSQL refuses root), listening on
//! 127.0.0.1 on a free port with trust authentication. The server runs under a small shell
//! that holds a pipe from this process: when the test binary exits, however it exits, the pipe
//! closes and the shell stops the server and deletes its directory.
//!
//! When PostgreSQL is not installed the PostgreSQL tests fail under `CI=true`, and are skipped
//! with a printed notice otherwise.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Environment variable naming an existing server (superuser URL without a database name).
pub const URL_VARIABLE: &str = "RC_INTAKE_TEST_POSTGRES_URL";

struct Server {
    /// `postgres://postgres@127.0.0.1:PORT`
    base_url: String,
    /// Held open for the life of the process; its closing stops the server.
    _keepalive: Option<Mutex<(Child, ChildStdin)>>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// A fresh, empty database on the test server, as a URL; `None` (after printing why) when
/// PostgreSQL is not available outside CI. Panics under `CI=true` when it is not available.
pub fn fresh_database() -> Option<String> {
    let server = match SERVER.get_or_init(start_server) {
        Ok(server) => server,
        Err(why) => {
            if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
                panic!("PostgreSQL is required for these tests under CI=true: {why}");
            }
            eprintln!("notice: skipping a PostgreSQL test: {why}");
            return None;
        }
    };
    let name = format!("intake_{}", uuid::Uuid::new_v4().simple());
    run_sql(&server.base_url, &format!("CREATE DATABASE {name}"));
    Some(format!("{}/{name}", server.base_url))
}

/// Runs one statement on the server's `postgres` database (blocking, on its own thread).
pub fn run_sql(url: &str, sql: &str) {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let target = if url.matches('/').count() > 2 {
                url
            } else {
                format!("{url}/postgres")
            };
            let (client, connection) = tokio_postgres::connect(&target, tokio_postgres::NoTls)
                .await
                .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL: {e}"));
            tokio::spawn(connection);
            client
                .batch_execute(&sql)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        });
    })
    .join()
    .unwrap();
}

fn start_server() -> Result<Server, String> {
    if let Ok(url) = std::env::var(URL_VARIABLE) {
        return Ok(Server {
            base_url: url.trim_end_matches('/').to_owned(),
            _keepalive: None,
        });
    }
    let bin = postgres_bin_dir().ok_or("no PostgreSQL server binaries (initdb, postgres) found under /usr/lib/postgresql; install Debian's postgresql package")?;
    let as_root = is_root();
    if as_root && !user_exists("postgres") {
        return Err(
            "running as root and there is no postgres user to run PostgreSQL as".to_owned(),
        );
    }
    let dir = std::env::temp_dir().join(format!("rc-intake-pg-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if as_root {
        chown_to_postgres(&dir)?;
    }
    let data = dir.join("data");
    let initdb = as_user(as_root, &bin.join("initdb"))
        .args([
            "-D",
            path_str(&data)?,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ])
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run initdb: {e}"))?;
    if !initdb.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&initdb.stderr)
        ));
    }
    let port = free_port()?;
    // The shell starts the server, waits for this process's pipe to close, then stops the
    // server (fast shutdown) and removes the directory.
    let script = r#"
        "$1/postgres" -D "$2/data" -p "$3" -h 127.0.0.1 -k "$2" -F \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=300 -c shared_buffers=64MB >"$2/log" 2>&1 &
        pid=$!
        echo started
        cat >/dev/null
        kill -INT "$pid"
        wait "$pid"
        rm -rf "$2"
    "#;
    let mut child = as_user(as_root, Path::new("/bin/sh"))
        .args([
            "-c",
            script,
            "sh",
            path_str(&bin)?,
            path_str(&dir)?,
            &port.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start postgres: {e}"))?;
    let stdin = child.stdin.take().ok_or("no stdin pipe")?;
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = BufReader::new(stdout).read_line(&mut line);
    }
    let base_url = format!("postgres://postgres@127.0.0.1:{port}");
    wait_until_accepting(&base_url, &dir)?;
    Ok(Server {
        base_url,
        _keepalive: Some(Mutex::new((child, stdin))),
    })
}

fn wait_until_accepting(base_url: &str, dir: &Path) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let target = format!("{base_url}/postgres");
    loop {
        let ready = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    runtime.block_on(async {
                        tokio_postgres::connect(&target, tokio_postgres::NoTls)
                            .await
                            .ok()
                            .map(|_| ())
                    })
                })
                .join()
                .ok()
                .flatten()
        });
        if ready.is_some() {
            return Ok(());
        }
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            return Err(format!("PostgreSQL did not start within 60 s: {log}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn postgres_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("postgres").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn as_user(as_root: bool, program: &Path) -> Command {
    if as_root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn user_exists(name: &str) -> bool {
    Command::new("id")
        .arg(name)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chown_to_postgres(dir: &Path) -> Result<(), String> {
    let status = Command::new("chown")
        .arg("postgres:")
        .arg(dir)
        .status()
        .map_err(|e| format!("cannot run chown: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("chown postgres {} failed", dir.display()))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}
