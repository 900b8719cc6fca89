//! Tables of the projection read in place: an entry (a node, a fact with its evidence, an edge,
//! a name) is decoded from the frozen bytes the first time it is asked for and kept, so a lookup
//! pays only for what it prints, and `projection.nodes[i]`, `.len()` and `.iter()` read as on a
//! vector.

use super::frozen::Frozen;
use std::collections::HashMap;
use std::ops::Index;
use std::sync::{Arc, Mutex, PoisonError};

/// A table of the projection, decoded entry by entry on first use.
pub struct Table<T> {
    frozen: Arc<Frozen>,
    len: usize,
    decode: fn(&Frozen, usize) -> T,
    /// Entries decoded so far. Boxed, never removed while the table lives: references handed
    /// out stay valid however the map grows.
    decoded: Mutex<HashMap<u32, Box<T>>>,
}

impl<T> Table<T> {
    pub(super) fn new(frozen: Arc<Frozen>, len: usize, decode: fn(&Frozen, usize) -> T) -> Self {
        Table { frozen, len, decode, decoded: Mutex::new(HashMap::new()) }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table has no entries.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Entry `index` (panics past the end, like a slice).
    pub fn get(&self, index: usize) -> &T {
        assert!(index < self.len, "index {index} out of a table of {}", self.len);
        let key = index as u32;
        {
            let decoded = self.decoded.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = decoded.get(&key) {
                let entry: *const T = &**entry;
                // SAFETY: the box lives, unmoved, as long as `self` (entries are never removed).
                return unsafe { &*entry };
            }
        }
        let value = Box::new((self.decode)(&self.frozen, index));
        let mut decoded = self.decoded.lock().unwrap_or_else(PoisonError::into_inner);
        let entry: *const T = &**decoded.entry(key).or_insert(value);
        // SAFETY: as above.
        unsafe { &*entry }
    }

    /// Every entry, in table order.
    pub fn iter(&self) -> TableIter<'_, T> {
        TableIter { table: self, next: 0 }
    }
}

impl<T> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Table({} entries)", self.len)
    }
}

impl<T> Index<usize> for Table<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        self.get(index)
    }
}

/// The entries of a table, in order.
pub struct TableIter<'t, T> {
    table: &'t Table<T>,
    next: usize,
}

impl<'t, T> Iterator for TableIter<'t, T> {
    type Item = &'t T;

    fn next(&mut self) -> Option<&'t T> {
        (self.next < self.table.len).then(|| {
            self.next += 1;
            self.table.get(self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.table.len - self.next;
        (left, Some(left))
    }
}

impl<T> ExactSizeIterator for TableIter<'_, T> {}

impl<'t, T> IntoIterator for &'t Table<T> {
    type Item = &'t T;
    type IntoIter = TableIter<'t, T>;

    fn into_iter(self) -> TableIter<'t, T> {
        self.iter()
    }
}
