//! The few data-parallel patterns the engine uses, over a [`team`] of the rayon pool's threads
//! (inside [`with_team`]), rayon's fork–join (outside one), or plain loops (without the `parallel`
//! feature). Each pattern gives every output element exactly one writer and keeps the order of any
//! reduction fixed, so results are bit-identical for any thread count: what a job computes
//! depends on its index, never on the thread that runs it.

#[cfg(feature = "parallel")]
mod team;

#[cfg(feature = "parallel")]
use rayon::prelude::*;
use std::mem::MaybeUninit;
use std::sync::Mutex;

#[cfg(feature = "parallel")]
pub use team::with_team;

/// Runs `f` with the pool's threads held as a team for its whole length, so that the parallel
/// regions inside it start without waking sleeping threads (see [`team`]). Without the `parallel`
/// feature, just `f()`.
#[cfg(not(feature = "parallel"))]
pub fn with_team<R: Send, F: FnOnce() -> R + Send>(f: F) -> R {
    f()
}

/// Runs `job(k)` for every k in 0..count, in parallel: on the team if this thread leads one,
/// inline inside a team's job, else on rayon.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
pub fn for_each_job(count: usize, job: &(dyn Fn(usize) + Sync)) {
    #[cfg(feature = "parallel")]
    {
        if count <= 1 || team::in_job() {
            (0..count).for_each(job);
        } else if !team::run_on_team(count, job) {
            (0..count).into_par_iter().for_each(job);
        }
    }
    #[cfg(not(feature = "parallel"))]
    (0..count).for_each(job);
}

/// A raw pointer handed to the jobs of one region, each of which touches a disjoint part.
struct Shared<T>(*mut T);
impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Shared<T> {}
// SAFETY: the patterns below give every job a disjoint part of the pointee.
unsafe impl<T: Send> Send for Shared<T> {}
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T> Shared<T> {
    fn get(&self) -> *mut T {
        self.0
    }
}

/// Calls `f(k, item)` for every item; items are independent.
pub fn for_each_indexed<T: Send, F: Fn(usize, T) + Sync + Send>(items: Vec<T>, f: F) {
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    for_each_job(slots.len(), &|k| {
        let item = slots[k]
            .lock()
            .unwrap()
            .take()
            .expect("each item is taken once");
        f(k, item)
    });
}

/// Calls `f(chunk_index, chunk)` on consecutive chunks of `chunk` elements of `data`.
pub fn for_each_chunk_mut<T: Send, F: Fn(usize, &mut [T]) + Sync + Send>(
    data: &mut [T],
    chunk: usize,
    f: F,
) {
    let chunk = chunk.max(1);
    let n = data.len();
    let base = Shared(data.as_mut_ptr());
    for_each_job(n.div_ceil(chunk), &|k| {
        let (a, b) = (k * chunk, ((k + 1) * chunk).min(n));
        // SAFETY: chunk k is data[a..b], disjoint from every other chunk.
        let piece = unsafe { std::slice::from_raw_parts_mut(base.get().add(a), b - a) };
        f(k, piece)
    });
}

/// Calls `f(chunk_index, a_chunk, b_chunk)` on consecutive chunks of `chunk` elements of two
/// arrays of the same length.
pub fn for_each_chunk_pair_mut<A: Send, B: Send, F: Fn(usize, &mut [A], &mut [B]) + Sync + Send>(
    a: &mut [A],
    b: &mut [B],
    chunk: usize,
    f: F,
) {
    assert_eq!(a.len(), b.len(), "paired arrays must have the same length");
    let chunk = chunk.max(1);
    let n = a.len();
    let (pa, pb) = (Shared(a.as_mut_ptr()), Shared(b.as_mut_ptr()));
    for_each_job(n.div_ceil(chunk), &|k| {
        let (lo, hi) = (k * chunk, ((k + 1) * chunk).min(n));
        // SAFETY: chunk k is [lo, hi) of each array, disjoint from every other chunk.
        let (ca, cb) = unsafe {
            (
                std::slice::from_raw_parts_mut(pa.get().add(lo), hi - lo),
                std::slice::from_raw_parts_mut(pb.get().add(lo), hi - lo),
            )
        };
        f(k, ca, cb)
    });
}

/// Maps consecutive blocks `[k·block, (k+1)·block) ∩ [0, n)` to a vector of per-block results,
/// in block order (for reductions whose order must not depend on the thread count).
pub fn map_blocks<T: Send, F: Fn(std::ops::Range<usize>) -> T + Sync + Send>(
    n: usize,
    block: usize,
    f: F,
) -> Vec<T> {
    let block = block.max(1);
    map_range(
        n.div_ceil(block),
        |k| f(k * block..((k + 1) * block).min(n)),
    )
}

/// Maps `0..n` to a vector in index order.
pub fn map_range<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    let mut out: Vec<MaybeUninit<T>> = Vec::with_capacity(n);
    // SAFETY: MaybeUninit needs no initialisation; every slot is written below before use.
    unsafe { out.set_len(n) };
    let grain = grain(n);
    let base = Shared(out.as_mut_ptr());
    for_each_job(n.div_ceil(grain), &|k| {
        for i in k * grain..((k + 1) * grain).min(n) {
            // SAFETY: slot i belongs to job k alone.
            unsafe { (*base.get().add(i)).write(f(i)) };
        }
    });
    // SAFETY: every slot was written (a panic in `f` propagates before this, leaking the
    // written values, which is safe).
    unsafe { std::mem::transmute::<Vec<MaybeUninit<T>>, Vec<T>>(out) }
}

/// Items per job when mapping n independent items: a few jobs per thread, so late or slow
/// threads even out (results do not depend on it).
fn grain(n: usize) -> usize {
    n.div_ceil(8 * current_threads()).max(1)
}

/// Sums `term(k)` for k in 0..n in a fixed order: n is cut into blocks of `block` (a constant of
/// the caller's, not the thread count), each block summed in index order in parallel, then the
/// block sums in block order. Cost: O(n / threads + n / block).
pub fn sum_blocks<F: Fn(usize) -> f64 + Sync + Send>(n: usize, block: usize, term: F) -> f64 {
    map_blocks(n, block, |r| r.fold(0.0, |s, k| s + term(k)))
        .into_iter()
        .fold(0.0, |s, v| s + v)
}

/// Block length of the engine's per-atom sums ([`sum_blocks`]): a constant, so that a sum is
/// rounded the same way on any number of threads.
pub const SUM_BLOCK: usize = 2048;

/// Chunk length of the engine's per-atom element-wise loops (a kick, a drift): large enough that
/// a small system runs them inline, where handing them out would cost more than they take.
pub const ATOM_CHUNK: usize = 4096;

/// Splits `data` into disjoint mutable pieces `[ranges[k].0, ranges[k].1)`; ranges must be sorted
/// and non-overlapping.
pub fn split_ranges_mut<'a, T>(
    mut data: &'a mut [T],
    ranges: &[(usize, usize)],
) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut offset = 0;
    for &(a, b) in ranges {
        assert!(a >= offset && b >= a, "ranges must be sorted and disjoint");
        let rest = std::mem::take(&mut data);
        let (_, tail) = rest.split_at_mut(a - offset);
        let (piece, tail) = tail.split_at_mut(b - a);
        out.push(piece);
        data = tail;
        offset = b;
    }
    out
}

/// Per-chunk lists, each with the lengths of its items' runs, as one list in chunk order with
/// CSR offsets: item k's entries are `list[first[k]..first[k + 1]]` (`first` starts at 0). Each
/// chunk is copied into its own part of `list`, in parallel. `fill` is a placeholder value.
pub fn concat_chunks<T: Copy + Send + Sync>(
    chunks: &[(Vec<T>, Vec<u32>)],
    fill: T,
) -> (Vec<usize>, Vec<T>) {
    let items = chunks.iter().map(|c| c.1.len()).sum::<usize>();
    let mut first = Vec::with_capacity(items + 1);
    first.push(0);
    let mut spans = Vec::with_capacity(chunks.len());
    for (list, lengths) in chunks {
        let start = first[first.len() - 1];
        spans.push((start, start + list.len()));
        for &l in lengths {
            first.push(first[first.len() - 1] + l as usize);
        }
    }
    let mut list = vec![fill; first[first.len() - 1]];
    let pieces = split_ranges_mut(&mut list, &spans);
    for_each_indexed(pieces.into_iter().zip(chunks).collect(), |_, (out, c)| {
        out.copy_from_slice(&c.0)
    });
    (first, list)
}

/// Runs `f` on a thread of the pool, so that the parallel loops inside it are dispatched by a
/// pool thread rather than by a caller outside the pool. In the browser this matters: the caller
/// (the simulation's Web Worker) would otherwise do the serial parts of every step while the
/// pool's threads spin on the same cores. Same results either way.
pub fn in_pool<R: Send, F: FnOnce() -> R + Send>(f: F) -> R {
    #[cfg(feature = "parallel")]
    if rayon::current_thread_index().is_none() {
        return rayon::join(f, || ()).0;
    }
    f()
}

/// Number of worker threads currently available to the engine.
pub fn current_threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    return 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_ranges_gives_the_requested_pieces() {
        let mut v: Vec<usize> = (0..10).collect();
        let pieces = split_ranges_mut(&mut v, &[(1, 3), (3, 3), (5, 9)]);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], &[1, 2]);
        assert!(pieces[1].is_empty());
        assert_eq!(pieces[2], &[5, 6, 7, 8]);
    }
}
