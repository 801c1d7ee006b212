//! The few data-parallel patterns the engine uses, over rayon when the `parallel` feature is on
//! and plain loops otherwise. Each pattern gives every output element exactly one writer and keeps
//! the order of any reduction fixed, so results are bit-identical for any thread count.

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Calls `f(k, item)` for every item; items are independent.
pub fn for_each_indexed<T: Send, F: Fn(usize, T) + Sync + Send>(items: Vec<T>, f: F) {
    #[cfg(feature = "parallel")]
    items.into_par_iter().enumerate().for_each(|(k, t)| f(k, t));
    #[cfg(not(feature = "parallel"))]
    items.into_iter().enumerate().for_each(|(k, t)| f(k, t));
}

/// Calls `f(chunk_index, chunk)` on consecutive chunks of `chunk` elements of `data`.
pub fn for_each_chunk_mut<T: Send, F: Fn(usize, &mut [T]) + Sync + Send>(
    data: &mut [T],
    chunk: usize,
    f: F,
) {
    let chunk = chunk.max(1);
    #[cfg(feature = "parallel")]
    data.par_chunks_mut(chunk)
        .enumerate()
        .for_each(|(k, c)| f(k, c));
    #[cfg(not(feature = "parallel"))]
    data.chunks_mut(chunk)
        .enumerate()
        .for_each(|(k, c)| f(k, c));
}

/// Maps `0..n` to a vector in index order.
pub fn map_range<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    #[cfg(feature = "parallel")]
    return (0..n).into_par_iter().map(f).collect();
    #[cfg(not(feature = "parallel"))]
    return (0..n).map(f).collect();
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
