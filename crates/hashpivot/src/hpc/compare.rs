//! The three-use comparison.
