//! The projection cached on disk next to the store, keyed on the store generation and on the
//! program that wrote it, with a checksum over its bytes: a cache that does not match, is
//! truncated or corrupted is rebuilt, never trusted.

use super::Projection;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bumped whenever the cached layout changes, so an old cache is rebuilt rather than misread.
const CACHE_FORMAT: u32 = 3;
const CACHE_MAGIC: &[u8; 8] = b"AGPROJ\0\0";
/// magic, build stamp, generation, payload length, payload CRC-32.
const HEADER_LEN: usize = 8 + 8 + 8 + 8 + 4;
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
    CACHE_FORMAT.hash(&mut hasher);
    if let Some(metadata) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        metadata.len().hash(&mut hasher);
        metadata.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
}

/// The payload of a cache file when it is current and intact.
fn payload(bytes: &[u8], generation: u64) -> Result<&[u8], CacheState> {
    let field = |range: std::ops::Range<usize>| -> u64 {
        let mut buffer = [0u8; 8];
        buffer[..range.len()].copy_from_slice(&bytes[range]);
        u64::from_le_bytes(buffer)
    };
    if bytes.len() < HEADER_LEN || &bytes[..8] != CACHE_MAGIC {
        return Err(CacheState::Corrupt);
    }
    if field(8..16) != build_stamp() || field(16..24) != generation {
        return Err(CacheState::Stale);
    }
    let body = &bytes[HEADER_LEN..];
    if field(24..32) != body.len() as u64 || field(32..36) as u32 != crc32fast::hash(body) {
        return Err(CacheState::Corrupt);
    }
    Ok(body)
}

/// What the cache file at `path` holds for the store at `generation`.
pub fn inspect(path: &Path, generation: u64) -> CacheState {
    match std::fs::read(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => CacheState::Absent,
        Err(_) => CacheState::Corrupt,
        Ok(bytes) => match payload(&bytes, generation) {
            Ok(body) if postcard::from_bytes::<Projection>(body).is_ok() => CacheState::Current,
            Ok(_) => CacheState::Corrupt,
            Err(state) => state,
        },
    }
}

pub(super) fn read_cache(path: &Path, generation: u64) -> Option<Projection> {
    let bytes = std::fs::read(path).ok()?;
    postcard::from_bytes(payload(&bytes, generation).ok()?).ok()
}

/// Writes the cache to a temporary file and renames it into place, so that readers see either
/// the old file or the whole new one.
pub(super) fn write_cache(path: &Path, projection: &Projection) -> io::Result<()> {
    let bytes = postcard::to_allocvec(projection).map_err(io::Error::other)?;
    let temporary = PathBuf::from(format!("{}.tmp{}", path.display(), std::process::id()));
    let result = (|| {
        let mut writer = BufWriter::new(std::fs::File::create(&temporary)?);
        writer.write_all(CACHE_MAGIC)?;
        writer.write_all(&build_stamp().to_le_bytes())?;
        writer.write_all(&projection.generation.to_le_bytes())?;
        writer.write_all(&(bytes.len() as u64).to_le_bytes())?;
        writer.write_all(&crc32fast::hash(&bytes).to_le_bytes())?;
        writer.write_all(&bytes)?;
        writer.flush()?;
        writer.get_ref().sync_data()?;
        drop(writer);
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
    use crate::graph::testing::{projection_with, PATHS_FIXTURE};

    #[test]
    fn truncated_corrupted_and_foreign_caches_are_never_trusted() {
        let projection = projection_with(PATHS_FIXTURE);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_FILE);
        assert_eq!(inspect(&path, projection.generation), CacheState::Absent);
        write_cache(&path, &projection).unwrap();
        assert_eq!(inspect(&path, projection.generation), CacheState::Current);
        assert!(read_cache(&path, projection.generation).is_some());
        assert_eq!(inspect(&path, projection.generation + 1), CacheState::Stale);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 10, HEADER_LEN, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(inspect(&path, projection.generation), CacheState::Corrupt, "cut at {cut}");
            assert!(read_cache(&path, projection.generation).is_none());
        }
        let mut flipped = bytes.clone();
        let middle = HEADER_LEN + (bytes.len() - HEADER_LEN) / 2;
        flipped[middle] ^= 0x40;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(inspect(&path, projection.generation), CacheState::Corrupt);
        assert!(read_cache(&path, projection.generation).is_none());
    }
}
