//! A record of a run's outputs held within a memory budget. Items are appended in order and
//! kept at a stride: at first every item; each time their size passes the budget the stride
//! doubles and the items off it are dropped, so the record always covers the whole run at an even
//! spacing (every `stride`-th item, plus the newest) and its memory is bounded however long the
//! run goes. The page's timeline (`www/timeline.js`) keeps its frames the same way.
//!
//! Cost: O(1) amortised per push (each thinning halves the items).

/// Items of type `T` in push order, each with its sequence number (0, 1, 2, … in push order)
/// and its size in bytes.
#[derive(Clone, Debug)]
pub struct ThinnedLog<T> {
    items: Vec<(u64, usize, T)>,
    bytes: usize,
    budget: usize,
    pushed: u64,
    /// Items are kept if their sequence number is a multiple of this (the newest always).
    stride: u64,
}

impl<T> ThinnedLog<T> {
    /// An empty record holding at most about `budget` bytes (at least four items are kept).
    pub fn new(budget: usize) -> ThinnedLog<T> {
        ThinnedLog {
            items: Vec::new(),
            bytes: 0,
            budget,
            pushed: 0,
            stride: 1,
        }
    }

    /// Appends `item` of `bytes` bytes (replacing the previous newest if that one is off the
    /// stride), doubling the stride while over the budget.
    pub fn push(&mut self, item: T, bytes: usize) {
        if let Some(&(seq, b, _)) = self.items.last() {
            if !seq.is_multiple_of(self.stride) {
                self.items.pop();
                self.bytes -= b;
            }
        }
        self.items.push((self.pushed, bytes, item));
        self.pushed += 1;
        self.bytes += bytes;
        while self.bytes > self.budget && self.items.len() > 4 {
            self.thin();
        }
    }

    /// Doubles the stride and drops the items off it (the newest stays).
    fn thin(&mut self) {
        self.stride *= 2;
        let (stride, newest) = (self.stride, self.pushed - 1);
        let mut freed = 0;
        self.items.retain(|&(seq, b, _)| {
            let keep = seq.is_multiple_of(stride) || seq == newest;
            if !keep {
                freed += b;
            }
            keep
        });
        self.bytes -= freed;
    }

    /// The items kept, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter().map(|(_, _, t)| t)
    }

    /// The items kept whose sequence number is at least `seq`, oldest first.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &T> {
        let start = self.items.partition_point(|(s, _, _)| *s < seq);
        self.items[start..].iter().map(|(_, _, t)| t)
    }

    /// Items ever pushed (the next item's sequence number).
    pub fn pushed(&self) -> u64 {
        self.pushed
    }

    /// The spacing of the items kept (in pushes).
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Items kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True if nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bytes kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_stays_within_the_budget_and_covers_its_whole_length() {
        let mut log = ThinnedLog::new(1000);
        for k in 0..100_000u64 {
            log.push(k, 10);
            assert!(log.bytes() <= 1000, "{} bytes after {k}", log.bytes());
        }
        let kept: Vec<u64> = log.iter().copied().collect();
        assert_eq!(kept[0], 0, "the first item stays");
        assert_eq!(*kept.last().unwrap(), 99_999, "the newest item stays");
        assert!(kept.len() > 50 && kept.len() <= 100, "{} kept", kept.len());
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        // Even coverage: every gap is the stride (the newest item's may be shorter).
        let stride = log.stride();
        assert!(
            kept[..kept.len() - 1]
                .windows(2)
                .all(|w| w[1] - w[0] == stride),
            "{kept:?}"
        );
        assert!(kept[kept.len() - 1] - kept[kept.len() - 2] <= stride);
        assert_eq!(log.pushed(), 100_000);
    }

    #[test]
    fn items_since_a_sequence_number_survive_thinning_of_the_older_half() {
        let mut log = ThinnedLog::new(100);
        for k in 0..10u64 {
            log.push(k, 10);
        }
        let mark = log.pushed();
        for k in 10..13u64 {
            log.push(k, 10);
        }
        assert!(log.len() < 13 && log.stride() == 2, "thinned");
        // Of the items after the mark, those on the stride and the newest.
        assert_eq!(log.since(mark).copied().collect::<Vec<_>>(), vec![10, 12]);
        assert_eq!(log.since(log.pushed()).count(), 0);
    }
}
