//! Where the database file lives: WAL needs shared memory between processes, which network
//! file systems (NFS, SMB/CIFS, sshfs) do not give reliably.

use std::path::Path;

/// The network file system the path is on, if it is on one.
#[cfg(target_os = "linux")]
pub fn network_filesystem(path: &Path) -> Option<&'static str> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let c = CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statfs buffer.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    kind_of(st.f_type as i64)
}

/// Not detected elsewhere (yet).
#[cfg(not(target_os = "linux"))]
pub fn network_filesystem(_path: &Path) -> Option<&'static str> {
    None
}

/// The network file system a Linux `statfs` magic number names.
pub fn kind_of(magic: i64) -> Option<&'static str> {
    match magic as u32 {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x6573_5546 => Some("FUSE (e.g. sshfs)"),
        0x0102_1997 => Some("9P"),
        0x5346_414F => Some("AFS"),
        _ => None,
    }
}
