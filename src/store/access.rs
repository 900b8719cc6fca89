//! Who may use a store directory, and how: one writer at a time, holding `write.lock` (which
//! names it); readers on the last published snapshot, a RocksDB checkpoint that no process
//! writes to, so they always see a committed state and never a half-done write.
//!
//! A writer publishes a snapshot after every change. A reader that finds no writer but a
//! snapshot older than the store (a writer was killed before publishing) or than this binary's
//! bundled data repairs the store first, as a short-lived writer.

use super::StoreError;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How a command uses the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only: the last committed state, alongside any writer.
    Read,
    /// Writing: waits up to `wait` for another writer to finish.
    Write {
        /// How long to wait for the write lock before giving up.
        wait: Duration,
    },
}

const LOCK_FILE: &str = "write.lock";
const SNAPSHOTS: &str = "snapshots";
const POINTER: &str = "current.json";
/// Snapshots other than the current and the previous one are removed once this old: long
/// enough for any reader that read the pointer to have opened what it names.
const SNAPSHOT_GRACE: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);

/// The process holding the write lock, as it describes itself in the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// Its process id.
    pub pid: u32,
    /// Its command line.
    pub command: String,
    /// When it took the lock (`xsd:dateTime`, UTC).
    pub since: String,
    /// Whether it may have changed the store without publishing a snapshot yet.
    pub writing: bool,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {}, `{}`, since {}", self.pid, self.command, self.since)
    }
}

/// The exclusive right to write a store directory, held until dropped.
#[derive(Debug)]
pub(super) struct WriteLock {
    file: File,
    holder: Holder,
}

impl WriteLock {
    /// Takes the lock if no other process holds it.
    pub(super) fn try_acquire(dir: &Path) -> Result<Option<(WriteLock, Option<Holder>)>, StoreError> {
        fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_owned(), source })?;
        let path = dir.join(LOCK_FILE);
        let io_error = |source| StoreError::Lock { path: path.clone(), source };
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
        let previous = read_holder(&mut file);
        let holder = Holder {
            pid: std::process::id(),
            command: command_line(),
            since: crate::rdf::dates::now_timestamp(),
            writing: true,
        };
        let mut lock = WriteLock { file, holder };
        lock.record().map_err(io_error)?;
        Ok(Some((lock, previous)))
    }

    /// Takes the lock, waiting up to `wait` for the process holding it.
    pub(super) fn acquire(dir: &Path, wait: Duration) -> Result<(WriteLock, Option<Holder>), StoreError> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(acquired) = Self::try_acquire(dir)? {
                return Ok(acquired);
            }
            if Instant::now() >= deadline {
                return Err(StoreError::Locked { path: dir.to_owned(), holder: current_holder(dir), waited: wait });
            }
            std::thread::sleep(POLL);
        }
    }

    /// Records whether the store may be ahead of its published snapshot.
    pub(super) fn set_writing(&mut self, writing: bool) {
        if self.holder.writing != writing {
            self.holder.writing = writing;
            // The record only helps readers decide whether to repair; a failed write is
            // harmless because a repair checks the store itself.
            let _ = self.record();
        }
    }

    fn record(&mut self) -> io::Result<()> {
        let text = serde_json::to_string(&self.holder).map_err(io::Error::other)?;
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(text.as_bytes())?;
        self.file.sync_data()
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

/// Who holds (or last held) the write lock of a store, as its lock file says.
pub fn current_holder(dir: &Path) -> Option<Holder> {
    let mut file = File::open(dir.join(LOCK_FILE)).ok()?;
    read_holder(&mut file)
}

fn command_line() -> String {
    let mut args = std::env::args();
    let program =
        args.next().map(|p| Path::new(&p).file_name().map_or(p.clone(), |n| n.to_string_lossy().into_owned()));
    program.into_iter().chain(args).collect::<Vec<_>>().join(" ")
}

/// What the current snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct SnapshotPointer {
    /// The snapshot's directory name under `snapshots/`.
    pub(super) name: String,
    /// The store generation it was taken at.
    pub(super) generation: u64,
    /// The bundled data it holds (`BundledFile::stamp`).
    pub(super) bundled: String,
}

/// The published snapshots of a store directory.
pub(super) struct Snapshots {
    dir: PathBuf,
}

impl Snapshots {
    pub(super) fn of(store_dir: &Path) -> Self {
        Snapshots { dir: store_dir.join(SNAPSHOTS) }
    }

    /// The snapshot readers should open, if one was ever published.
    pub(super) fn current(&self) -> Option<SnapshotPointer> {
        let text = fs::read_to_string(self.dir.join(POINTER)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Where a snapshot lives.
    pub(super) fn path(&self, pointer: &SnapshotPointer) -> PathBuf {
        self.dir.join(&pointer.name)
    }

    /// Takes a checkpoint of `store` (hard links on the same file system), points readers at it
    /// and removes snapshots no reader can still be opening.
    pub(super) fn publish(
        &self,
        store: &oxigraph::store::Store,
        generation: u64,
        bundled: &str,
    ) -> Result<(), StoreError> {
        let io_error = |source| StoreError::Snapshot { path: self.dir.clone(), source };
        fs::create_dir_all(&self.dir).map_err(io_error)?;
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let name = format!("{generation:012}-{nanos}-{}", std::process::id());
        store.backup(self.dir.join(&name)).map_err(StoreError::Checkpoint)?;
        let previous = self.current();
        let pointer = SnapshotPointer { name, generation, bundled: bundled.to_owned() };
        let temporary = self.dir.join(format!("{POINTER}.{}", std::process::id()));
        let text = serde_json::to_string(&pointer).map_err(|e| io_error(io::Error::other(e)))?;
        {
            let mut file = File::create(&temporary).map_err(io_error)?;
            file.write_all(text.as_bytes()).map_err(io_error)?;
            file.sync_all().map_err(io_error)?;
        }
        fs::rename(&temporary, self.dir.join(POINTER)).map_err(io_error)?;
        self.remove_old(&pointer, previous.as_ref());
        Ok(())
    }

    /// Removes snapshots other than the current and the previous one, once past the grace
    /// period. Failures only leave disk space used.
    fn remove_old(&self, current: &SnapshotPointer, previous: Option<&SnapshotPointer>) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let keep = name == current.name || previous.is_some_and(|p| p.name == name) || name.starts_with(POINTER);
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > SNAPSHOT_GRACE);
            if !keep && old && entry.path().is_dir() {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}
