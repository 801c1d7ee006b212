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

/// Runs `job(k)` for the tasks k in 0..n of a chain, where neighbouring tasks conflict (task k
/// may write what tasks k − 1 and k + 1 write, nothing of the others'): every even task runs before
/// each of its odd neighbours starts, non-neighbours run concurrently. An odd task starts as soon
/// as both its even neighbours have finished, not when all even tasks have (a wavefront rather
/// than two phases with a barrier between them), so a thread done with its share of even tasks
/// goes on with the odd tasks that are ready instead of waiting. Within each colour, tasks are
/// offered heaviest first by `weight` (ties by index), so that the threads finish together.
///
/// Whatever the number of threads or the timing, any two conflicting tasks run in the same order
/// (even, then odd): a job whose sums into shared entries follow its own fixed order gives the
/// same bits as running all even tasks, then all odd ones, on one thread. A panicking job ends the
/// pattern (the panic propagates); no thread is left waiting for it. Cost: per claim a scan of at
/// most [`CHAIN_WINDOW`] tasks, O(n log n) to order them.
pub fn for_each_chain_task<W: Fn(usize) -> usize>(
    n: usize,
    weight: W,
    job: &(dyn Fn(usize) + Sync),
) {
    use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
    const FREE: u8 = 0;
    const BUSY: u8 = 1;
    const DONE: u8 = 2;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by_key(|&k| (k % 2, std::cmp::Reverse(weight(k)), k));
    let state: Vec<AtomicU8> = (0..n).map(|_| AtomicU8::new(FREE)).collect();
    let done = |k: usize| state[k].load(Ordering::Acquire) == DONE;
    let ready = |k: usize| k.is_multiple_of(2) || (done(k - 1) && (k + 1 == n || done(k + 1)));
    // Positions of `order` below `low` hold claimed tasks.
    let low = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    /// Marks a claimed task done even if its job panics (then the pattern as failed).
    struct Finish<'a>(&'a AtomicU8, &'a AtomicBool);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.1.store(true, Ordering::Release);
            }
            self.0.store(DONE, Ordering::Release);
        }
    }
    let worker = |_| loop {
        let from = low.load(Ordering::Acquire);
        if from >= n || failed.load(Ordering::Acquire) {
            return;
        }
        let mut claimed = None;
        let mut prefix = true;
        for (p, &k) in order
            .iter()
            .enumerate()
            .take(n.min(from + CHAIN_WINDOW))
            .skip(from)
        {
            let free = state[k].load(Ordering::Acquire) == FREE;
            let won = free
                && ready(k)
                && state[k]
                    .compare_exchange(FREE, BUSY, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok();
            if prefix && (won || !free) {
                low.fetch_max(p + 1, Ordering::AcqRel);
            } else {
                prefix = false;
            }
            if won {
                claimed = Some(k);
                break;
            }
        }
        match claimed {
            Some(k) => {
                let _finish = Finish(&state[k], &failed);
                job(k);
            }
            // The free tasks in view wait for even tasks that other threads are running.
            None => std::hint::spin_loop(),
        }
    };
    for_each_job(current_threads().min(n), &worker);
}

/// Most tasks [`for_each_chain_task`] looks through for one it may start (bounds a claim's cost
/// on a long chain).
pub const CHAIN_WINDOW: usize = 16;

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

/// Calls `f(first, chunk)` on consecutive chunks of `data`, an element-wise loop over atoms: the
/// chunks are [`atom_chunk`]`(data.len())` long and `first` is the index of a chunk's first
/// element.
pub fn for_each_chunk_mut<T: Send, F: Fn(usize, &mut [T]) + Sync + Send>(data: &mut [T], f: F) {
    let n = data.len();
    let chunk = atom_chunk(n);
    let base = Shared(data.as_mut_ptr());
    for_each_job(n.div_ceil(chunk), &|k| {
        let (a, b) = (k * chunk, ((k + 1) * chunk).min(n));
        // SAFETY: chunk k is data[a..b], disjoint from every other chunk.
        let piece = unsafe { std::slice::from_raw_parts_mut(base.get().add(a), b - a) };
        f(a, piece)
    });
}

/// Calls `f(first, a_chunk, b_chunk)` on consecutive chunks of two arrays of the same length, as
/// [`for_each_chunk_mut`].
pub fn for_each_chunk_pair_mut<A: Send, B: Send, F: Fn(usize, &mut [A], &mut [B]) + Sync + Send>(
    a: &mut [A],
    b: &mut [B],
    f: F,
) {
    assert_eq!(a.len(), b.len(), "paired arrays must have the same length");
    let n = a.len();
    let chunk = atom_chunk(n);
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
        f(lo, ca, cb)
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

/// Longest chunk of the engine's per-atom element-wise loops (a kick, a drift; see
/// [`atom_chunk`]), which give the same bits for any chunking: large enough that up to 1024 atoms
/// run inline, small enough that two threads share a 1918-atom pair's loops (in the page, with
/// regions handed out in about 0.35 µs natively: 1918 atoms 0.154 → 0.148 s per 300 steps against
/// 2048-atom chunks).
pub const ATOM_CHUNK: usize = 1024;

/// Chunk length for an element-wise loop over `n` atoms: as few chunks as [`ATOM_CHUNK`] allows,
/// of equal length (rounded up to a multiple of 8), so that the threads sharing them finish
/// together (a 1918-atom pair: 960 + 958 rather than 1024 + 894). Results do not depend on it.
pub fn atom_chunk(n: usize) -> usize {
    let chunks = n.div_ceil(ATOM_CHUNK).max(1);
    n.div_ceil(chunks).next_multiple_of(8).max(8)
}

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

    /// Element-wise loops are cut into as few chunks as ATOM_CHUNK allows, of nearly equal
    /// length: two threads share a 1918-atom pair's loops evenly, and a chunk is never longer
    /// than ATOM_CHUNK (but for the rounding to 8) nor a system cut when it fits in one.
    #[test]
    fn atom_chunks_are_few_and_even() {
        let cut = |n: usize| {
            let c = atom_chunk(n);
            (0..n.div_ceil(c))
                .map(|k| (k * c + c).min(n) - k * c)
                .collect::<Vec<_>>()
        };
        assert_eq!(cut(1918), vec![960, 958]);
        assert_eq!(cut(1024), vec![1024]);
        assert_eq!(cut(5), vec![5]);
        for n in [1, 7, 1000, 1025, 2049, 10_178, 100_003] {
            let parts = cut(n);
            assert_eq!(parts.iter().sum::<usize>(), n, "{n} atoms");
            assert_eq!(parts.len(), n.div_ceil(ATOM_CHUNK), "{n} atoms");
            assert!(parts[0] <= ATOM_CHUNK + 7, "{n} atoms: {parts:?}");
            let (lo, hi) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
            assert!(hi - lo <= 8 * parts.len(), "{n} atoms: {parts:?}");
        }
    }

    /// Tasks of a chain: each runs once, every odd task starts after both its even neighbours
    /// have ended, and sums into the entries neighbours share come out as running all even
    /// tasks, then all odd ones, in order (chains longer than the claim window included).
    #[test]
    fn chain_tasks_run_once_each_evens_before_their_odd_neighbours() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        for n in [0usize, 1, 2, 3, 8, 37, 100] {
            let clock = AtomicUsize::new(0);
            let start: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(usize::MAX)).collect();
            let end: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(usize::MAX)).collect();
            let runs: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(0)).collect();
            // Task k adds terms to entries k and k+1, which tasks k−1 and k+1 also write.
            let sums: Vec<Mutex<f64>> = (0..=n).map(|_| Mutex::new(0.0)).collect();
            let term = |k: usize, e: usize| 1.0 / (1.0 + (k * 7 + e * 3) as f64).sqrt() * 1e-3;
            let weight = |k: usize| (k * 37) % 11;
            with_team(|| {
                for_each_chain_task(n, weight, &|k| {
                    start[k].store(clock.fetch_add(1, Ordering::SeqCst), Ordering::SeqCst);
                    runs[k].fetch_add(1, Ordering::SeqCst);
                    for e in [k, k + 1] {
                        // Busy enough that the threads overlap.
                        let mut t = 0.0;
                        for r in 0..2000 {
                            t += term(k + r, e);
                        }
                        *sums[e].lock().unwrap() += t;
                    }
                    end[k].store(clock.fetch_add(1, Ordering::SeqCst), Ordering::SeqCst);
                })
            });
            let at = |v: &[AtomicUsize], k: usize| v[k].load(Ordering::SeqCst);
            for k in 0..n {
                assert_eq!(at(&runs, k), 1, "n = {n}: task {k} ran once");
                if k % 2 == 1 {
                    assert!(
                        at(&end, k - 1) < at(&start, k),
                        "n = {n}: {} before {k}",
                        k - 1
                    );
                    if k + 1 < n {
                        assert!(
                            at(&end, k + 1) < at(&start, k),
                            "n = {n}: {} before {k}",
                            k + 1
                        );
                    }
                }
            }
            let mut expected = vec![0.0f64; n + 1];
            for k in (0..n).step_by(2).chain((1..n).step_by(2)) {
                for e in [k, k + 1] {
                    let mut t = 0.0;
                    for r in 0..2000 {
                        t += term(k + r, e);
                    }
                    expected[e] += t;
                }
            }
            for (e, want) in expected.iter().enumerate() {
                assert_eq!(
                    sums[e].lock().unwrap().to_bits(),
                    want.to_bits(),
                    "n = {n}, entry {e}"
                );
            }
        }
    }

    /// A task that panics ends the chain with its panic; no thread is left waiting for it.
    #[test]
    fn a_panicking_chain_task_propagates() {
        let r = std::panic::catch_unwind(|| {
            with_team(|| {
                for_each_chain_task(40, |_| 1, &|k| {
                    if k == 6 {
                        panic!("task 6 fails");
                    }
                })
            })
        });
        assert!(r.is_err());
    }

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
