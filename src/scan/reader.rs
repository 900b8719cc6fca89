//! Reading a text file in bounded memory: a first pass checks it is UTF-8 text and takes its
//! SHA-256 and line count; a second hands it over line by line, a very long line in pieces.

use super::ScanError;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The longest piece of a line handed over at once; longer lines come in several pieces.
pub(crate) const MAX_PIECE: usize = 1 << 20;

/// What the first pass learns about a file.
#[derive(Debug, Clone)]
pub(crate) struct FileFacts {
    pub(crate) sha256: String,
    pub(crate) bytes: u64,
    pub(crate) lines: u64,
}

fn open(path: &Path) -> Result<File, ScanError> {
    if path.is_dir() {
        return Err(ScanError::Directory { path: path.to_owned() });
    }
    File::open(path).map_err(|source| ScanError::Open { path: path.to_owned(), source })
}

/// Reads the whole file once, in chunks: its hash and line count, or where it stops being UTF-8
/// text (an invalid byte, a NUL byte, a UTF-16 byte-order mark).
pub(crate) fn inspect(path: &Path) -> Result<FileFacts, ScanError> {
    let mut file = open(path)?;
    let read_error = |source| ScanError::Read { path: path.to_owned(), source };
    let mut hasher = Sha256::new();
    let mut chunk = vec![0u8; 64 * 1024];
    // Bytes of a character cut by the chunk's end, carried into the next chunk.
    let mut carry: Vec<u8> = Vec::new();
    let (mut offset, mut newlines, mut last) = (0u64, 0u64, None::<u8>);
    loop {
        let n = file.read(&mut chunk).map_err(read_error)?;
        if n == 0 {
            break;
        }
        let bytes = &chunk[..n];
        if offset == 0 && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
            return Err(ScanError::Utf16 { path: path.to_owned() });
        }
        hasher.update(bytes);
        // `start` is the file offset of `text[0]`.
        let start = offset - carry.len() as u64;
        let mut text = std::mem::take(&mut carry);
        text.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&text) {
            Ok(_) => text.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => {
                let at = e.valid_up_to();
                let line = newlines + 1 + memchr::memchr_iter(b'\n', &text[..at]).count() as u64;
                return Err(ScanError::NotUtf8 {
                    path: path.to_owned(),
                    line,
                    byte: start + at as u64,
                    value: text[at],
                });
            }
        };
        if let Some(at) = memchr::memchr(0, &text[..valid]) {
            let line = newlines + 1 + memchr::memchr_iter(b'\n', &text[..at]).count() as u64;
            return Err(ScanError::Binary { path: path.to_owned(), line, byte: start + at as u64 });
        }
        newlines += memchr::memchr_iter(b'\n', &text[..valid]).count() as u64;
        carry = text[valid..].to_vec();
        offset += n as u64;
        last = Some(bytes[n - 1]);
    }
    if !carry.is_empty() {
        let line = newlines + 1;
        return Err(ScanError::NotUtf8 {
            path: path.to_owned(),
            line,
            byte: offset - carry.len() as u64,
            value: carry[0],
        });
    }
    let lines = newlines + u64::from(last.is_some_and(|b| b != b'\n'));
    let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(FileFacts { sha256, bytes: offset, lines })
}

/// One piece of a line: its number, the text, and whether the line goes on in the next piece.
pub(crate) struct Piece<'a> {
    pub(crate) line: u64,
    pub(crate) text: &'a str,
    /// Characters of the same line in earlier pieces.
    pub(crate) chars_before: usize,
    /// The line continues in the next piece.
    pub(crate) continued: bool,
}

/// Hands a checked file over line by line (without line ends or a leading byte-order mark).
pub(crate) struct Lines {
    reader: BufReader<File>,
    path: std::path::PathBuf,
    buffer: Vec<u8>,
    /// Bytes read past the end of the last piece of an over-long line.
    rest: Vec<u8>,
    line: u64,
    chars_before: usize,
    line_done: bool,
}

impl Lines {
    pub(crate) fn open(path: &Path) -> Result<Self, ScanError> {
        Ok(Lines {
            reader: BufReader::with_capacity(64 * 1024, open(path)?),
            path: path.to_owned(),
            buffer: Vec::new(),
            rest: Vec::new(),
            line: 0,
            chars_before: 0,
            line_done: true,
        })
    }

    /// The next piece, or `None` at the end of the file.
    pub(crate) fn next_piece(&mut self) -> Result<Option<Piece<'_>>, ScanError> {
        if self.line_done {
            self.line += 1;
            self.chars_before = 0;
        }
        self.buffer.clear();
        self.buffer.append(&mut self.rest);
        let mut complete = false;
        while self.buffer.len() < MAX_PIECE {
            let available =
                self.reader.fill_buf().map_err(|source| ScanError::Read { path: self.path.clone(), source })?;
            if available.is_empty() {
                break;
            }
            let room = MAX_PIECE - self.buffer.len();
            let window = &available[..available.len().min(room)];
            if let Some(at) = memchr::memchr(b'\n', window) {
                self.buffer.extend_from_slice(&window[..at]);
                self.reader.consume(at + 1);
                complete = true;
                break;
            }
            let taken = window.len();
            self.buffer.extend_from_slice(window);
            self.reader.consume(taken);
        }
        if self.buffer.is_empty() && !complete {
            return Ok(None);
        }
        let continued = !complete && self.buffer.len() >= MAX_PIECE;
        if continued {
            // Cut after the last space of the piece's last quarter, or at a character boundary.
            let floor = self.buffer.len() - MAX_PIECE / 4;
            let mut cut = self.buffer[floor..].iter().rposition(|b| b.is_ascii_whitespace()).map(|p| floor + p + 1);
            if cut.is_none() {
                let mut at = self.buffer.len();
                while at > 0 && (self.buffer[at - 1] & 0xC0) == 0x80 {
                    at -= 1;
                }
                // `at - 1` is the lead byte of the last character: cut before it.
                cut = Some(at.saturating_sub(1));
            }
            let cut = cut.unwrap_or(self.buffer.len());
            self.rest = self.buffer.split_off(cut);
        }
        if self.buffer.last() == Some(&b'\r') && !continued {
            self.buffer.pop();
        }
        if self.line == 1 && self.chars_before == 0 && self.buffer.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.buffer.drain(..3);
        }
        // The first pass checked the whole file: bytes that are not UTF-8 now mean it changed.
        let text = std::str::from_utf8(&self.buffer).map_err(|_| ScanError::Changed { path: self.path.clone() })?;
        let piece = Piece { line: self.line, text, chars_before: self.chars_before, continued };
        self.line_done = !continued;
        if continued {
            self.chars_before += text.chars().count();
        }
        Ok(Some(piece))
    }
}
