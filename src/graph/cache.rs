//! The projection cached on disk next to the store in the frozen layout, keyed on the store
//! generation and on the program that wrote it, and opened by memory mapping.
//!
//! What is checked, and when: opening reads only the header page — magic, layout, the binary's
//! stamp, the generation, the file's length (a truncated file fails here) and a CRC-32 over the
//! header and its table of sections — and the table of page checksums (4 bytes per 4 KiB page,
//! verified whole against the header). Each data page's CRC-32 is verified the first time
//! anything on it is read, so a lookup pays for the pages it touches, never for the whole file,
//! and no byte is used unchecked. `check` verifies every page. A file that fails is rebuilt,
//! never trusted.

use super::build::Draft;
use super::frozen::{Frozen, Refusal, PAGE};
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Name of the projection's cache file in the store directory.
pub const CACHE_FILE: &str = "projection.bin";

/// What a cache file holds, as far as this program can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheState {
    /// No cache file.
    Absent,
    /// A cache of this store generation, written by this program, intact.
    Current,
    /// A cache of another generation or written by another program: rebuilt when needed.
    Stale,
    /// A truncated or corrupted file: rebuilt when needed.
    Corrupt,
}

/// Identifies the program that wrote a cache: its version, the cache layout and the executable
/// file itself, so that any other build (whose layout may differ) rebuilds the cache.
fn build_stamp() -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    super::frozen::LAYOUT.hash(&mut hasher);
    if let Some(metadata) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        metadata.len().hash(&mut hasher);
        metadata.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
}

fn refused(refusal: Refusal) -> CacheState {
    match refusal {
        Refusal::Corrupt => CacheState::Corrupt,
        Refusal::Stale => CacheState::Stale,
    }
}

/// The cache file at `path`, mapped, when it is of `generation` and this program.
pub(super) fn open(path: &Path, generation: u64) -> Result<Frozen, CacheState> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(CacheState::Absent),
        Err(_) => return Err(CacheState::Corrupt),
    };
    // SAFETY: cache files are never written in place: a new one is written aside and renamed
    // over the old, so the mapped file does not change under this process.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|_| CacheState::Corrupt)?;
    Frozen::mapped(map, build_stamp(), generation, path.to_owned()).map_err(refused)
}

/// What the cache file at `path` holds for the store at `generation`, every page verified. A
/// corrupt file is removed, so that the next lookup rebuilds it rather than stop at the first
/// damaged page it reads.
pub fn inspect(path: &Path, generation: u64) -> CacheState {
    let state = match open(path, generation) {
        Ok(frozen) if frozen.verify_all() => CacheState::Current,
        Ok(_) => CacheState::Corrupt,
        Err(state) => state,
    };
    if state == CacheState::Corrupt {
        // Failing to remove it (a read-only disk) only leaves it to be refused again.
        let _ = std::fs::remove_file(path);
    }
    state
}

/// A draft frozen in memory (for stores in memory, or when the cache cannot be written).
pub(super) fn in_memory(draft: &Draft) -> Frozen {
    let stamp = build_stamp();
    let (mut bytes, header) = super::freeze::write(draft, Vec::new(), stamp).expect("writing to memory cannot fail");
    bytes[..PAGE].copy_from_slice(&header);
    Frozen::owned(bytes, stamp, draft.generation).expect("a layout just written reads back")
}

/// The most bytes the cache is written in at a time. The page cache keeps a file in units as
/// large as the writes that filled it, and a page fault maps the whole unit it falls in: a lookup
/// reading a few bytes of a file written 1 MiB at a time would map (and count in its memory)
/// 1 MiB around each. 64 KiB is what the kernel maps around a fault anyway.
const WRITE_CHUNK: usize = 64 << 10;

/// A file written at most `WRITE_CHUNK` bytes at a time, however much a caller hands over.
struct Chunked(File);

impl Write for Chunked {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(&bytes[..bytes.len().min(WRITE_CHUNK)])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Writes the cache to a temporary file and renames it into place, so that readers see either
/// the old file or the whole new one.
pub(super) fn write(path: &Path, draft: &Draft) -> io::Result<()> {
    // One temporary file per write, even for two builds at once in one process (a server).
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = PathBuf::from(format!("{}.tmp{}-{write}", path.display(), std::process::id()));
    let result = (|| {
        let writer = BufWriter::with_capacity(WRITE_CHUNK, Chunked(File::create(&temporary)?));
        let (writer, header) = super::freeze::write(draft, writer, build_stamp())?;
        let Chunked(mut file) = writer.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        file.sync_data()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::{draft_with, PATHS_FIXTURE};

    #[test]
    fn truncated_corrupted_and_foreign_caches_are_never_trusted() {
        let draft = draft_with(PATHS_FIXTURE);
        let generation = draft.generation;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_FILE);
        assert_eq!(inspect(&path, generation), CacheState::Absent);
        write(&path, &draft).unwrap();
        assert_eq!(inspect(&path, generation), CacheState::Current);
        assert!(open(&path, generation).is_ok());
        assert_eq!(inspect(&path, generation + 1), CacheState::Stale);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 10, 100, PAGE, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(inspect(&path, generation), CacheState::Corrupt, "cut at {cut}");
            assert!(open(&path, generation).is_err(), "cut at {cut}");
        }
        // A flipped bit in the header, in the page table, or in any data page.
        for at in [20, 60, bytes.len() - 2, PAGE + 5, PAGE + (bytes.len() - PAGE) / 2] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x40;
            std::fs::write(&path, &flipped).unwrap();
            assert_ne!(inspect(&path, generation), CacheState::Current, "flipped at {at}");
        }
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(inspect(&path, generation), CacheState::Corrupt);
        assert!(!path.exists(), "check removes a corrupt cache, so the next lookup rebuilds it");
        // A data page that fails is caught when first read, and the file removed.
        let mut flipped = bytes.clone();
        flipped[PAGE + 5] ^= 0x40;
        std::fs::write(&path, &flipped).unwrap();
        let frozen = open(&path, generation).expect("the header is intact");
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            frozen.section(super::super::frozen::Section::Meta).len()
        }));
        assert!(read.is_err(), "the corrupt page is refused");
        assert!(!path.exists(), "and the file removed");
    }
}
