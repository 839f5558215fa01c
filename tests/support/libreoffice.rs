//! LibreOffice (a real spreadsheet program) for the integration tests: convert a file headless.
//! Shared by `koci_xlsx.rs` and `koci_template.rs` (`#[path = "support/libreoffice.rs"] mod …`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Convert `file` with LibreOffice to `filter` (`csv:…`, `ods`, `xls:…`) into `outdir`, with its
/// own profile there; returns the (non-empty) file written, named `file` with `extension`.
pub fn convert(file: &Path, outdir: &Path, filter: &str, extension: &str) -> PathBuf {
    let profile = outdir.join("lo-profile");
    let mut child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to", filter])
        .arg("--outdir")
        .arg(outdir)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "LibreOffice (`soffice`) is not on PATH. These tests need a real spreadsheet program; \
             scripts/setup --test installs it (libreoffice-calc-nogui).",
        );
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(status) = child.try_wait().expect("soffice runs") {
            assert!(status.success(), "soffice failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let written = outdir.join(file.with_extension(extension).file_name().expect("name"));
    assert!(
        std::fs::metadata(&written).is_ok_and(|m| m.len() > 0),
        "LibreOffice wrote no {}",
        written.display()
    );
    written
}
