//! A team: every thread of the rayon pool held for the length of one call (a run of MD steps, say),
//! the caller's thread leading and the others waiting, spinning, for work. A parallel region is
//! then handed out in about 0.35 µs (natively, two threads, two empty jobs: the leader publishes
//! it under a lock and announces it after releasing the lock, so a helper never waits on it;
//! 0.59 µs when it announced it holding the lock), where rayon's fork–join must first wake
//! workers that went to sleep in the serial gap before it (tens of microseconds on a virtual
//! machine, more in a browser), several times a step.
//!
//! A region is `count` jobs `job(k)`; the leader and the helpers claim indices from one counter
//! and the leader returns when every job has finished. What a job computes may not depend on the
//! thread that runs it, so results are the same for any number of threads (the patterns in
//! [`super`] keep that rule). Helpers that find no region for a while park on a condition
//! variable, so a long serial stretch (a trajectory frame written out) costs no CPU.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Spin iterations (each an atomic load and a pause hint) before a helper parks: about a
/// millisecond natively (a pause is ~100 cycles). WebAssembly has no pause instruction (the hint
/// compiles to nothing), so an iteration there is a few nanoseconds and takes 64 times as many
/// for the same wait; with the native count the page's helpers parked in the serial stretches
/// of a step and each region then paid for waking them.
#[cfg(not(target_arch = "wasm32"))]
const SPINS_BEFORE_PARKING: u32 = 1 << 14;
#[cfg(target_arch = "wasm32")]
const SPINS_BEFORE_PARKING: u32 = 1 << 20;

/// A region's job with its lifetime erased; valid while the region runs (the leader waits).
#[derive(Clone, Copy)]
struct JobPtr(*const (dyn Fn(usize) + Sync));
// SAFETY: the pointee is Sync and outlives every use (see `Team::run`).
unsafe impl Send for JobPtr {}

struct Region {
    generation: u32,
    count: usize,
    job: Option<JobPtr>,
    done: bool,
    sleepers: usize,
}

pub(super) struct Team {
    region: Mutex<Region>,
    wake: Condvar,
    /// `generation << 32 | next index` of the current region.
    claim: AtomicU64,
    /// Jobs of the current region that have returned.
    finished: AtomicUsize,
    /// The current generation, for spinning helpers.
    generation: AtomicU32,
    done: AtomicBool,
    /// The first panic of a job, re-raised by the leader.
    panic: Mutex<Option<Box<dyn std::any::Any + Send>>>,
    /// True once a job has panicked (the leader then takes the panic).
    panicked: AtomicBool,
}

thread_local! {
    /// The team this thread leads, if any.
    static LEADING: Cell<*const Team> = const { Cell::new(std::ptr::null()) };
    /// True while this thread runs a job of a region (a nested pattern then runs inline).
    static IN_JOB: Cell<bool> = const { Cell::new(false) };
}

impl Team {
    fn new() -> Team {
        Team {
            region: Mutex::new(Region {
                generation: 0,
                count: 0,
                job: None,
                done: false,
                sleepers: 0,
            }),
            wake: Condvar::new(),
            claim: AtomicU64::new(0),
            finished: AtomicUsize::new(0),
            generation: AtomicU32::new(0),
            done: AtomicBool::new(false),
            panic: Mutex::new(None),
            panicked: AtomicBool::new(false),
        }
    }

    /// Claims and runs jobs of region `generation` until none is left.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn work(&self, generation: u32, count: usize, job: JobPtr) {
        loop {
            let v = self.claim.load(Ordering::Acquire);
            let (g, k) = ((v >> 32) as u32, (v & 0xffff_ffff) as usize);
            if g != generation || k >= count {
                return;
            }
            if self
                .claim
                .compare_exchange_weak(v, v + 1, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                continue;
            }
            IN_JOB.with(|c| c.set(true));
            // SAFETY: the leader keeps the job alive until every claimed job has finished.
            let r =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe { (*job.0)(k) }));
            IN_JOB.with(|c| c.set(false));
            if let Err(p) = r {
                self.panic.lock().unwrap().get_or_insert(p);
                self.panicked.store(true, Ordering::Release);
            }
            self.finished.fetch_add(1, Ordering::Release);
        }
    }

    /// A helper's life: run regions as they come until the team is done.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn help(&self) {
        let mut seen = 0u32;
        loop {
            let mut spins = 0u32;
            while self.generation.load(Ordering::Acquire) == seen
                && !self.done.load(Ordering::Acquire)
            {
                spins += 1;
                if spins < SPINS_BEFORE_PARKING {
                    std::hint::spin_loop();
                    continue;
                }
                let mut r = self.region.lock().unwrap();
                r.sleepers += 1;
                while r.generation == seen && !r.done {
                    r = self.wake.wait(r).unwrap();
                }
                r.sleepers -= 1;
                break;
            }
            let (generation, count, job, done) = {
                let r = self.region.lock().unwrap();
                (r.generation, r.count, r.job, r.done)
            };
            if done {
                return;
            }
            seen = generation;
            if let Some(job) = job {
                self.work(generation, count, job);
            }
        }
    }

    /// Runs `job(k)` for k in 0..count on the team (the leader included); returns when all have
    /// finished, re-raising a job's panic.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn run(&self, count: usize, job: &(dyn Fn(usize) + Sync)) {
        // SAFETY: only the lifetime is erased; `job` outlives this call, and this call returns
        // only once every job claimed under this generation has finished, after which no helper
        // can claim one (the claim counter carries the generation).
        let ptr = JobPtr(unsafe {
            std::mem::transmute::<*const (dyn Fn(usize) + Sync + '_), *const (dyn Fn(usize) + Sync)>(
                job,
            )
        });
        let (generation, sleepers) = {
            let mut r = self.region.lock().unwrap();
            r.generation = r.generation.wrapping_add(1).max(1);
            r.count = count;
            r.job = Some(ptr);
            self.finished.store(0, Ordering::Relaxed);
            self.claim
                .store((r.generation as u64) << 32, Ordering::Release);
            (r.generation, r.sleepers)
        };
        // Announced once the lock is free, so that a spinning helper that sees it finds the
        // lock open (it reads the region under it).
        self.generation.store(generation, Ordering::Release);
        if sleepers > 0 {
            self.wake.notify_all();
        }
        self.work(generation, count, ptr);
        while self.finished.load(Ordering::Acquire) < count {
            std::hint::spin_loop();
        }
        // The region's job stays published: a late helper that reads it finds every index of
        // this generation claimed and never calls it.
        if self.panicked.load(Ordering::Acquire) {
            if let Some(p) = self.panic.lock().unwrap().take() {
                std::panic::resume_unwind(p);
            }
        }
    }

    fn finish(&self) {
        let mut r = self.region.lock().unwrap();
        r.done = true;
        self.done.store(true, Ordering::Release);
        self.wake.notify_all();
    }
}

/// Runs `f` with the pool's threads held as a team (see the module doc); the parallel patterns
/// called inside `f` on this thread run on the team. Inline when the pool has one thread, inside
/// a team already, or inside a team's job.
pub fn with_team<R: Send, F: FnOnce() -> R + Send>(f: F) -> R {
    if rayon::current_num_threads() <= 1 || leading() || in_job() {
        return f();
    }
    let team = Team::new();
    let lead = Mutex::new(Some(f));
    let result = Mutex::new(None);
    // The leader is the calling thread when it is one of the pool's (the page calls from inside
    // the pool), else the pool's first thread.
    let leader = rayon::current_thread_index().unwrap_or(0);
    rayon::broadcast(|ctx| {
        if ctx.index() != leader {
            team.help();
            return;
        }
        struct Release<'a>(&'a Team);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                LEADING.with(|c| c.set(std::ptr::null()));
                self.0.finish();
            }
        }
        LEADING.with(|c| c.set(&team));
        let _release = Release(&team);
        let f = lead.lock().unwrap().take().expect("the leader runs once");
        *result.lock().unwrap() = Some(f());
    });
    result
        .into_inner()
        .unwrap()
        .expect("the leader returned a result")
}

/// True if this thread leads a team.
fn leading() -> bool {
    LEADING.with(|c| !c.get().is_null())
}

/// True while this thread runs a job of a team's region.
pub fn in_job() -> bool {
    IN_JOB.with(|c| c.get())
}

/// Runs `job(k)` for k in 0..count on the team this thread leads, if it leads one (and returns
/// true), or returns false.
pub fn run_on_team(count: usize, job: &(dyn Fn(usize) + Sync)) -> bool {
    let t = LEADING.with(|c| c.get());
    if t.is_null() {
        return false;
    }
    // SAFETY: the team outlives the leader's `f`, which this call is inside.
    unsafe { (*t).run(count, job) };
    true
}
