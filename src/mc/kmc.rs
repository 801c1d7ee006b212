//! Rejection-free kinetic Monte Carlo (placeholder module filled below).
