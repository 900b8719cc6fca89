//! The projection cached on disk next to the store, keyed on the store generation and on the
//! program that wrote it; a cache that does not match (or does not parse) is rebuilt, never
//! trusted.

use super::Projection;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Bumped whenever the cached layout changes, so an old cache is rebuilt rather than misread.
const CACHE_FORMAT: u32 = 2;
const CACHE_MAGIC: &[u8; 8] = b"AGPROJ\0\0";
/// Name of the projection's cache file in the store directory.
pub const CACHE_FILE: &str = "projection.bin";

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

pub(super) fn read_cache(path: &Path, generation: u64) -> Option<Projection> {
    let mut reader = BufReader::new(std::fs::File::open(path).ok()?);
    let mut header = [0u8; 24];
    reader.read_exact(&mut header).ok()?;
    let stamp = u64::from_le_bytes(header[8..16].try_into().ok()?);
    let cached_generation = u64::from_le_bytes(header[16..24].try_into().ok()?);
    if &header[..8] != CACHE_MAGIC || stamp != build_stamp() || cached_generation != generation {
        return None;
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).ok()?;
    postcard::from_bytes(&bytes).ok()
}

pub(super) fn write_cache(path: &Path, projection: &Projection) -> io::Result<()> {
    let bytes = postcard::to_allocvec(projection).map_err(io::Error::other)?;
    let temporary = PathBuf::from(format!("{}.tmp{}", path.display(), std::process::id()));
    {
        let mut writer = BufWriter::new(std::fs::File::create(&temporary)?);
        writer.write_all(CACHE_MAGIC)?;
        writer.write_all(&build_stamp().to_le_bytes())?;
        writer.write_all(&projection.generation.to_le_bytes())?;
        writer.write_all(&bytes)?;
        writer.flush()?;
    }
    std::fs::rename(&temporary, path)
}
