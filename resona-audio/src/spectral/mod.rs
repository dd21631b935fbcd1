//! Placeholder: this module is being written. Its owner replaces this file.
