//! The provider CSV: its header, writing, reading and the import plan.
