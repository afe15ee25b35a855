//! Startup benchmark: rc-onboard against a bare Tauri 2 hello-world, side by side in one run.
//!
//! Builds both in release, then launches each N times through tauri-driver + WebKitWebDriver and
//! reports: time from launch to the page being interactive (the page sets `body[data-ready]`),
//! stripped binary size, and peak RSS of the app and its WebKit processes (sum of VmHWM over the
//! process tree). Run it with `./dev.sh bench` (it needs Xvfb and D-Bus, which that provides).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rc_onboard_e2e::driver::{App, AppOptions};
use rc_onboard_e2e::workspace_root;

const RUNS: usize = 7;

struct Sample {
    ready: Duration,
    peak_rss_kib: u64,
}

fn build_release() -> Result<(), String> {
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--locked",
            "-p",
            "rc-onboard",
            "-p",
            "rc-onboard-bench-hello",
        ])
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cargo could not run: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("release build failed: {status}"))
    }
}

/// Children of `pid` (direct), read from /proc.
fn children(pid: u32) -> Vec<u32> {
    let path = format!("/proc/{pid}/task/{pid}/children");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

fn process_tree(root: u32) -> Vec<u32> {
    let mut all = vec![root];
    let mut index = 0;
    while index < all.len() {
        let next = children(all[index]);
        all.extend(next);
        index += 1;
    }
    all
}

fn status_field_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The app process launched under WebKitWebDriver, found by its executable name, and its tree.
fn app_tree(driver_pid: u32, exe_name: &str) -> Vec<u32> {
    let exe_comm: String = exe_name.chars().take(15).collect();
    process_tree(driver_pid)
        .into_iter()
        .find(|pid| comm(*pid) == exe_comm)
        .map(process_tree)
        .unwrap_or_default()
}

async fn measure(binary: &Path, exe_name: &str) -> Result<Sample, String> {
    let start = Instant::now();
    let app = App::launch_binary(binary, AppOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    let ready = start.elapsed();
    let tree = app_tree(app.driver_pid(), exe_name);
    let peak_rss_kib = tree
        .iter()
        .map(|pid| status_field_kib(*pid, "VmHWM:"))
        .sum();
    app.close().await.map_err(|e| e.to_string())?;
    Ok(Sample {
        ready,
        peak_rss_kib,
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() {
    if let Err(error) = build_release() {
        eprintln!("startup-bench: {error}");
        std::process::exit(1);
    }
    let release = workspace_root().join("target").join("release");
    let subjects: [(&str, PathBuf); 2] = [
        ("rc-onboard", release.join("rc-onboard")),
        ("hello-tauri", release.join("hello-tauri")),
    ];
    println!("startup benchmark: {RUNS} launches each, release builds, Xvfb 1280x900");
    println!(
        "{:<12} {:>14} {:>14} {:>14} {:>16}",
        "app", "ready median", "ready max", "binary size", "peak RSS median"
    );
    for (name, binary) in &subjects {
        let size = std::fs::metadata(binary).map(|m| m.len()).unwrap_or(0);
        let mut ready = Vec::new();
        let mut rss = Vec::new();
        for _ in 0..RUNS {
            match measure(binary, name).await {
                Ok(sample) => {
                    ready.push(sample.ready.as_secs_f64() * 1000.0);
                    rss.push(sample.peak_rss_kib as f64 / 1024.0);
                }
                Err(error) => {
                    eprintln!("startup-bench: {name}: {error}");
                    std::process::exit(1);
                }
            }
        }
        let max = ready.iter().copied().fold(0.0, f64::max);
        println!(
            "{:<12} {:>11.0} ms {:>11.0} ms {:>11.1} MiB {:>12.1} MiB",
            name,
            median(ready),
            max,
            size as f64 / 1024.0 / 1024.0,
            median(rss)
        );
    }
}
