//! The foundation every other layer builds on, with no physics of its own: the error type, the
//! units, deterministic random numbers, the parallel patterns, four-lane SIMD ([`simd`]), vector
//! maths and the table of elements.

#[macro_use]
pub mod error;
pub mod elements;
pub mod math;
pub mod parallel;
pub mod rng;
pub mod simd;
pub mod thin;
pub mod units;
