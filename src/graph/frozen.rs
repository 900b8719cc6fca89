//! The projection's byte layout, read in place: a header page (magic, layout version, the
//! binary's stamp, the store generation, the file's length, a table of sections, a CRC-32 of all
//! that), sections of little-endian arrays and records, and a CRC-32 per 4 KiB data page. A
//! memory-mapped file is read without deserialising it: a page's checksum is verified the first
//! time anything on it is read, so a lookup touches (and checks) only the pages it needs.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bumped whenever the layout changes, so a file of another layout is rebuilt rather than misread.
pub(super) const LAYOUT: u32 = 5;
pub(super) const MAGIC: &[u8; 8] = b"AGPROJ\0\0";
/// Checksummed unit of the data area; also the size of the header page.
pub(super) const PAGE: usize = 4096;
/// magic, layout, sections, stamp, generation, file length, page-table CRC, header CRC.
const FIXED: usize = 8 + 4 + 4 + 8 + 8 + 8 + 4 + 4;
/// The header CRC covers the fixed fields before it and the section table.
const HEADER_CRC_AT: usize = 44;
const ENTRY: usize = 16;

/// The sections of the layout, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Section {
    /// Ontology tables and counts, postcard.
    Meta,
    NodeIriOffsets,
    NodeIriBytes,
    /// Node ids sorted by IRI, for lookups by IRI.
    NodeIriOrder,
    NodeRecordOffsets,
    NodeRecordBytes,
    /// The fact a node stands for, `u32::MAX` for none.
    NodeFact,
    FactRecordOffsets,
    FactRecordBytes,
    FactRank,
    FactFrom,
    FactUntil,
    EvidenceOffsets,
    EvidenceBytes,
    EdgeFrom,
    EdgeTo,
    EdgeRelation,
    /// The edge's family (the relation's, or for a role edge its fact's), `u16::MAX` for none.
    EdgeFamily,
    EdgeRank,
    EdgeFactOffsets,
    EdgeFactIds,
    /// Compressed sparse rows of arcs leaving each node, best first: (other node, hop).
    OutOffsets,
    OutArcs,
    /// Compressed sparse rows of arcs reaching each node, best first: (other node, hop).
    InOffsets,
    InArcs,
    NameOffsets,
    NameBytes,
    NameNode,
    /// The page checksums (not itself part of the paged area).
    PageTable,
}

pub(super) const SECTIONS: usize = Section::PageTable as usize + 1;

/// Why bytes cannot be read as a projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Truncated, corrupted or not a projection at all.
    Corrupt,
    /// Another layout, binary or store generation.
    Stale,
}

/// Where the bytes live.
enum Backing {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

/// A projection's bytes with their section table and the pages verified so far.
pub(super) struct Frozen {
    backing: Backing,
    sections: [(u64, u64); SECTIONS],
    /// One bit per data page: set once its checksum matched.
    verified: Box<[AtomicU64]>,
    /// Page checksums, for mapped files (bytes built in memory are trusted).
    check_pages: bool,
    /// The file, removed when a page fails its checksum.
    path: Option<PathBuf>,
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

impl Frozen {
    /// Bytes built in this process.
    pub(super) fn owned(bytes: Vec<u8>, stamp: u64, generation: u64) -> Result<Self, Refusal> {
        Self::new(Backing::Owned(bytes), stamp, generation, false, None)
    }

    /// A file mapped into memory; its pages are verified as they are read.
    pub(super) fn mapped(map: memmap2::Mmap, stamp: u64, generation: u64, path: PathBuf) -> Result<Self, Refusal> {
        Self::new(Backing::Mapped(map), stamp, generation, true, Some(path))
    }

    fn new(
        backing: Backing,
        stamp: u64,
        generation: u64,
        check_pages: bool,
        path: Option<PathBuf>,
    ) -> Result<Self, Refusal> {
        let all: &[u8] = match &backing {
            Backing::Mapped(map) => map,
            Backing::Owned(bytes) => bytes,
        };
        let sections = read_header(all, stamp, generation)?;
        let pages = data_pages(&sections);
        let verified = (0..pages.div_ceil(64)).map(|_| AtomicU64::new(0)).collect();
        let frozen = Frozen { backing, sections, verified, check_pages, path };
        if check_pages {
            // The page table is small (4 bytes a page): verify it whole against the header.
            let (offset, length) = frozen.sections[Section::PageTable as usize];
            let table = &frozen.all()[offset as usize..(offset + length) as usize];
            if length as usize != pages * 4 || crc32fast::hash(table) != u32_at(frozen.all(), 40) {
                return Err(Refusal::Corrupt);
            }
        }
        Ok(frozen)
    }

    fn all(&self) -> &[u8] {
        match &self.backing {
            Backing::Mapped(map) => map,
            Backing::Owned(bytes) => bytes,
        }
    }

    /// The store generation the bytes were built from.
    pub(super) fn generation(&self) -> u64 {
        u64_at(self.all(), 24)
    }

    /// Whether the bytes come from a memory-mapped file.
    pub(super) fn is_mapped(&self) -> bool {
        matches!(self.backing, Backing::Mapped(_))
    }

    /// Verifies every page now (for `check`): false when any page fails.
    pub(super) fn verify_all(&self) -> bool {
        (0..data_pages(&self.sections)).all(|page| self.page_ok(page))
    }

    fn page_ok(&self, page: usize) -> bool {
        let (word, bit) = (page / 64, 1u64 << (page % 64));
        if self.verified[word].load(Ordering::Relaxed) & bit != 0 {
            return true;
        }
        let all = self.all();
        let start = PAGE + page * PAGE;
        let end = (start + PAGE).min(self.sections[Section::PageTable as usize].0 as usize);
        let table = self.sections[Section::PageTable as usize].0 as usize;
        if crc32fast::hash(&all[start..end]) != u32_at(all, table + page * 4) {
            return false;
        }
        self.verified[word].fetch_or(bit, Ordering::Relaxed);
        true
    }

    /// `length` bytes at `offset` of a section, their pages verified first.
    pub(super) fn bytes(&self, section: Section, offset: usize, length: usize) -> &[u8] {
        let (start, size) = self.sections[section as usize];
        assert!(offset + length <= size as usize, "read past the end of section {section:?}");
        let at = start as usize + offset;
        if self.check_pages && length > 0 {
            for page in (at - PAGE) / PAGE..=(at + length - 1 - PAGE) / PAGE {
                if !self.page_ok(page) {
                    self.fail(page);
                }
            }
        }
        &self.all()[at..at + length]
    }

    /// A page failed its checksum after the file was opened: the file goes, so that the next run
    /// rebuilds it, and this run stops rather than use bytes it cannot trust.
    #[cold]
    fn fail(&self, page: usize) -> ! {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
        let file = self.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        panic!(
            "the path-graph cache {file} is corrupt (data page {page} fails its checksum); it was removed and is rebuilt on the next run"
        );
    }

    /// The whole of a section.
    pub(super) fn section(&self, section: Section) -> &[u8] {
        self.bytes(section, 0, self.section_len(section))
    }

    pub(super) fn section_len(&self, section: Section) -> usize {
        self.sections[section as usize].1 as usize
    }

    pub(super) fn u32(&self, section: Section, index: usize) -> u32 {
        u32_at(self.bytes(section, index * 4, 4), 0)
    }

    pub(super) fn u64(&self, section: Section, index: usize) -> u64 {
        u64_at(self.bytes(section, index * 8, 8), 0)
    }

    pub(super) fn i64(&self, section: Section, index: usize) -> i64 {
        self.u64(section, index) as i64
    }

    pub(super) fn u16(&self, section: Section, index: usize) -> u16 {
        u16::from_le_bytes(self.bytes(section, index * 2, 2).try_into().expect("two bytes"))
    }

    pub(super) fn u8(&self, section: Section, index: usize) -> u8 {
        self.bytes(section, index, 1)[0]
    }

    /// Entry `index` of a table of variable-length records (`u64` offsets, then the bytes).
    pub(super) fn record(&self, offsets: Section, bytes: Section, index: usize) -> &[u8] {
        let pair = self.bytes(offsets, index * 8, 16);
        let (start, end) = (u64_at(pair, 0) as usize, u64_at(pair, 8) as usize);
        self.bytes(bytes, start, end - start)
    }

    /// `count` consecutive `u32` pairs of a section, from pair `first`.
    pub(super) fn pairs(&self, section: Section, first: usize, count: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.bytes(section, first * 8, count * 8).chunks_exact(8).map(|c| (u32_at(c, 0), u32_at(c, 4)))
    }
}

/// Pages of the data area, which ends where the page table starts.
fn data_pages(sections: &[(u64, u64); SECTIONS]) -> usize {
    (sections[Section::PageTable as usize].0 as usize).saturating_sub(PAGE).div_ceil(PAGE)
}

/// Reads and checks the header page: magic, layout, stamp, generation, length and CRC.
fn read_header(all: &[u8], stamp: u64, generation: u64) -> Result<[(u64, u64); SECTIONS], Refusal> {
    if all.len() < PAGE || &all[..8] != MAGIC {
        return Err(Refusal::Corrupt);
    }
    let count = u32_at(all, 12) as usize;
    if count != SECTIONS || FIXED + count * ENTRY > PAGE {
        return Err(if u32_at(all, 8) != LAYOUT { Refusal::Stale } else { Refusal::Corrupt });
    }
    let end = FIXED + count * ENTRY;
    if u32_at(all, HEADER_CRC_AT) != crc32fast::hash(&[&all[..HEADER_CRC_AT], &all[FIXED..end]].concat()) {
        return Err(Refusal::Corrupt);
    }
    if u64_at(all, 32) != all.len() as u64 {
        return Err(Refusal::Corrupt);
    }
    if u32_at(all, 8) != LAYOUT || u64_at(all, 16) != stamp || u64_at(all, 24) != generation {
        return Err(Refusal::Stale);
    }
    let mut sections = [(0u64, 0u64); SECTIONS];
    for (i, entry) in sections.iter_mut().enumerate() {
        let (offset, length) = (u64_at(all, FIXED + i * ENTRY), u64_at(all, FIXED + i * ENTRY + 8));
        if offset < PAGE as u64 || offset.checked_add(length).is_none_or(|e| e > all.len() as u64) {
            return Err(Refusal::Corrupt);
        }
        *entry = (offset, length);
    }
    Ok(sections)
}

/// Writes sections one after the other, checksumming each 4 KiB page of the data area as it
/// goes; `finish` adds the page table and returns the header page to write at offset 0.
pub(super) struct Writer<W: Write> {
    out: W,
    position: u64,
    page: crc32fast::Hasher,
    in_page: usize,
    page_crcs: Vec<u32>,
    sections: [(u64, u64); SECTIONS],
    open: Option<(Section, u64)>,
}

impl<W: Write> Writer<W> {
    /// A writer whose output already holds a blank header page.
    pub(super) fn new(mut out: W) -> io::Result<Self> {
        out.write_all(&[0u8; PAGE])?;
        Ok(Writer {
            out,
            position: PAGE as u64,
            page: crc32fast::Hasher::new(),
            in_page: 0,
            page_crcs: Vec::new(),
            sections: [(0, 0); SECTIONS],
            open: None,
        })
    }

    fn raw(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.position += bytes.len() as u64;
        while !bytes.is_empty() {
            let take = (PAGE - self.in_page).min(bytes.len());
            self.page.update(&bytes[..take]);
            self.in_page += take;
            bytes = &bytes[take..];
            if self.in_page == PAGE {
                let full = std::mem::replace(&mut self.page, crc32fast::Hasher::new());
                self.page_crcs.push(full.finalize());
                self.in_page = 0;
            }
        }
        Ok(())
    }

    /// Starts a section, aligned to 8 bytes.
    pub(super) fn begin(&mut self, section: Section) -> io::Result<()> {
        assert!(self.open.is_none(), "one section at a time");
        let pad = (8 - self.position % 8) % 8;
        self.raw(&[0u8; 8][..pad as usize])?;
        self.open = Some((section, self.position));
        Ok(())
    }

    pub(super) fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        debug_assert!(self.open.is_some());
        self.raw(bytes)
    }

    pub(super) fn end(&mut self) -> io::Result<()> {
        let (section, start) = self.open.take().expect("a section is open");
        self.sections[section as usize] = (start, self.position - start);
        Ok(())
    }

    /// A whole section at once.
    pub(super) fn section(&mut self, section: Section, bytes: &[u8]) -> io::Result<()> {
        self.begin(section)?;
        self.put(bytes)?;
        self.end()
    }

    /// Closes the data area, writes the page table and returns the output and the header page.
    pub(super) fn finish(mut self, stamp: u64, generation: u64) -> io::Result<(W, Vec<u8>)> {
        // Pad the data area to 8 bytes, so the page table is aligned, and close its last page.
        let pad = (8 - self.position % 8) % 8;
        self.raw(&[0u8; 8][..pad as usize])?;
        if self.in_page > 0 {
            let last = std::mem::replace(&mut self.page, crc32fast::Hasher::new());
            self.page_crcs.push(last.finalize());
            self.in_page = 0;
        }
        let table: Vec<u8> = self.page_crcs.iter().flat_map(|c| c.to_le_bytes()).collect();
        let start = self.position;
        self.out.write_all(&table)?;
        self.position += table.len() as u64;
        self.sections[Section::PageTable as usize] = (start, table.len() as u64);
        let mut header = vec![0u8; PAGE];
        header[..8].copy_from_slice(MAGIC);
        header[8..12].copy_from_slice(&LAYOUT.to_le_bytes());
        header[12..16].copy_from_slice(&(SECTIONS as u32).to_le_bytes());
        header[16..24].copy_from_slice(&stamp.to_le_bytes());
        header[24..32].copy_from_slice(&generation.to_le_bytes());
        header[32..40].copy_from_slice(&self.position.to_le_bytes());
        header[40..44].copy_from_slice(&crc32fast::hash(&table).to_le_bytes());
        for (i, (offset, length)) in self.sections.iter().enumerate() {
            header[FIXED + i * ENTRY..FIXED + i * ENTRY + 8].copy_from_slice(&offset.to_le_bytes());
            header[FIXED + i * ENTRY + 8..FIXED + (i + 1) * ENTRY].copy_from_slice(&length.to_le_bytes());
        }
        let end = FIXED + SECTIONS * ENTRY;
        let crc = crc32fast::hash(&[&header[..HEADER_CRC_AT], &header[FIXED..end]].concat());
        header[HEADER_CRC_AT..HEADER_CRC_AT + 4].copy_from_slice(&crc.to_le_bytes());
        Ok((self.out, header))
    }
}
