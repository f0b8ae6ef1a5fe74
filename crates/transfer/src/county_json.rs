//! The whole county as one JSON document, and loading it into an empty county.
