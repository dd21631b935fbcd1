//! numpy arrays in: dtype dispatch, C-order copies, shapes to Resona's width and height.

use crate::errors::to_py_err;
use numpy::{Element, PyArrayDyn, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use resona::InputError;

/// The pixels of an array, copied in C (row-major) order, with its shape.
///
/// The copy is made while the GIL is held, so inference can run without it and no other
/// Python thread can change the pixels underneath; non-contiguous views and Fortran-ordered
/// arrays come out right, as with `np.ascontiguousarray`.
pub(crate) fn pixels<T: Element + Copy>(array: &Bound<'_, PyArrayDyn<T>>) -> PyResult<(Vec<T>, Vec<usize>)> {
    let readonly = array.try_readonly()?;
    let view = readonly.as_array();
    let data = view.as_slice().map_or_else(|| view.iter().copied().collect(), <[T]>::to_vec);
    Ok((data, view.shape().to_vec()))
}

/// An `InputError` (code `unknown_name`) for a dtype the call does not take.
pub(crate) fn unsupported_dtype(array: &Bound<'_, PyUntypedArray>, expected: &'static str) -> PyErr {
    let e = InputError::UnknownName { what: "pixel dtype", value: array.dtype().to_string(), expected };
    to_py_err(array.py(), &e.into())
}

/// A pixel count as Resona's `u32` side; sizes beyond it saturate, which Resona then rejects
/// as over its limits.
pub(crate) fn side(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// (width, height) of crops: the last two axes (height, width), or `fallback` (the model's
/// crop size) for a flat array, whose length Resona then checks.
pub(crate) fn crop_dims(shape: &[usize], fallback: (u32, u32)) -> (u32, u32) {
    match shape {
        [.., h, w] => (side(*w), side(*h)),
        _ => fallback,
    }
}
