//! The ONNX Runtime backend, through `ort` with the library loaded at run time.
//!
//! # Finding the library
//!
//! ONNX Runtime is a shared library Resona does not ship. The first model built with
//! [`Backend::OnnxRuntime`](super::Backend::OnnxRuntime) loads it from, in order:
//!
//! 1. the path given to [`init`] before any model was built (the Python binding passes the
//!    library of the `onnxruntime` package it imported);
//! 2. the `ORT_DYLIB_PATH` environment variable;
//! 3. the `onnxruntime` Python package in the active environment (`$VIRTUAL_ENV`,
//!    `$CONDA_PREFIX`), the user's site-packages, or `/usr/local` and `/usr`;
//! 4. `libonnxruntime` in the system library directories.
//!
//! When none is found, building the model returns [`ModelError::BackendUnavailable`] saying how
//! to get it (`pip install onnxruntime==1.31.1`, or set `ORT_DYLIB_PATH`). The library is
//! loaded once per process; this search is the one place Resona's core touches the file system,
//! and only because a native library has to come from somewhere.

use super::{ElementType, ModelSpec, Session, Tensor, TensorData, TensorRef};
use crate::error::ModelError;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const NAME: &str = "onnxruntime";
/// The ONNX Runtime version this build is written against (the `api-31` feature of `ort`).
pub const REQUIRED_VERSION: &str = "1.31";

static ENVIRONMENT: OnceLock<Result<(ort::environment::Environment, PathBuf), String>> = OnceLock::new();

fn unavailable(hint: String) -> ModelError {
    ModelError::BackendUnavailable { backend: NAME, hint }
}

/// Loads ONNX Runtime, from `path` if given, otherwise by the search above, and returns the
/// path that was loaded. Later calls return the first result: a process has one ONNX Runtime.
pub fn init(path: Option<&Path>) -> Result<PathBuf, ModelError> {
    let result = ENVIRONMENT.get_or_init(|| {
        let candidates: Vec<PathBuf> = match path {
            Some(p) => vec![p.to_path_buf()],
            None => search_paths(),
        };
        let Some(lib) = candidates.into_iter().find(|p| p.is_file()) else {
            return Err(format!(
                "ONNX Runtime {REQUIRED_VERSION} was not found{}. Install it with `pip install onnxruntime==1.31.1` \
                 or point ORT_DYLIB_PATH at libonnxruntime",
                path.map(|p| format!(" at {}", p.display())).unwrap_or_default()
            ));
        };
        // Loading a foreign library can fail in ways ort reports by panicking; keep that a
        // typed error for the host.
        let loaded = std::panic::catch_unwind(|| {
            ort::init_from(&lib)
                .map_err(|e| e.to_string())
                .and_then(|b| b.with_name("resona").build().map_err(|e| e.to_string()))
        });
        match loaded {
            Ok(Ok(env)) => Ok((env, lib)),
            Ok(Err(e)) => Err(format!("loading {} failed: {e}", lib.display())),
            Err(_) => Err(format!(
                "loading {} failed: it is not a usable ONNX Runtime {REQUIRED_VERSION} library",
                lib.display()
            )),
        }
    });
    match result {
        Ok((_, p)) => Ok(p.clone()),
        Err(e) => Err(unavailable(e.clone())),
    }
}

fn environment() -> Result<&'static ort::environment::Environment, ModelError> {
    init(None)?;
    match ENVIRONMENT.get() {
        Some(Ok((env, _))) => Ok(env),
        Some(Err(e)) => Err(unavailable(e.clone())),
        None => Err(unavailable("ONNX Runtime was not initialised".into())),
    }
}

#[cfg(target_os = "windows")]
const LIB_NAMES: &[&str] = &["onnxruntime.dll"];
#[cfg(target_os = "macos")]
const LIB_NAMES: &[&str] = &["libonnxruntime.dylib", "libonnxruntime.1.31.1.dylib"];
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
const LIB_NAMES: &[&str] = &["libonnxruntime.so", "libonnxruntime.so.1", "libonnxruntime.so.1.31.1"];

fn search_paths() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH") {
        out.push(PathBuf::from(p));
    }
    let mut prefixes: Vec<PathBuf> =
        ["VIRTUAL_ENV", "CONDA_PREFIX"].iter().filter_map(|v| std::env::var_os(v).map(PathBuf::from)).collect();
    if let Some(home) = std::env::var_os("HOME") {
        prefixes.push(Path::new(&home).join(".local"));
    }
    prefixes.extend([PathBuf::from("/usr/local"), PathBuf::from("/usr")]);
    for prefix in &prefixes {
        for site in site_packages(prefix) {
            let capi = site.join("onnxruntime").join("capi");
            if let Ok(entries) = std::fs::read_dir(&capi) {
                let mut libs: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(is_runtime_library))
                    .collect();
                libs.sort();
                out.extend(libs);
            }
        }
    }
    for dir in
        ["/usr/local/lib", "/usr/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/opt/homebrew/lib"]
    {
        out.extend(LIB_NAMES.iter().map(|n| Path::new(dir).join(n)));
    }
    out
}

// The main runtime library of a wheel's capi/ folder (not its providers or Python modules).
fn is_runtime_library(name: &str) -> bool {
    name.starts_with("libonnxruntime.so")
        || (name.starts_with("libonnxruntime.") && name.ends_with(".dylib"))
        || name == "onnxruntime.dll"
}

// lib/python3.X/site-packages (and Windows' Lib/site-packages) under a prefix.
fn site_packages(prefix: &Path) -> Vec<PathBuf> {
    let mut out = vec![prefix.join("Lib").join("site-packages")];
    if let Ok(entries) = std::fs::read_dir(prefix.join("lib")) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("python3") {
                out.push(e.path().join("site-packages"));
                out.push(e.path().join("dist-packages"));
            }
        }
    }
    out
}

pub(crate) struct OrtSession {
    // ort's `run` takes `&mut self` (ONNX Runtime allocators are not thread-safe), so runs on
    // one model are serialised; build one model per thread for parallel inference.
    session: Mutex<ort::session::Session>,
}

fn load_err(e: impl std::fmt::Display) -> ModelError {
    ModelError::Load { backend: NAME, reason: e.to_string() }
}

fn run_err(e: impl std::fmt::Display) -> ModelError {
    ModelError::Run { backend: NAME, reason: e.to_string() }
}

impl OrtSession {
    pub(crate) fn load(bytes: &[u8], spec: &ModelSpec) -> Result<Self, ModelError> {
        let env = environment()?;
        let session = ort::session::Session::builder(env)
            .and_then(|b| b.with_intra_threads(1).map_err(Into::into))
            .and_then(|b| b.with_inter_threads(1).map_err(Into::into))
            .and_then(|mut b| b.commit_from_memory(bytes))
            .map_err(load_err)?;
        let names = |outlets: &[ort::value::Outlet]| outlets.iter().map(|o| o.name().to_owned()).collect::<Vec<_>>();
        let (inputs, outputs) = (names(session.inputs()), names(session.outputs()));
        let declared_in: Vec<String> = spec.inputs.iter().map(|t| t.name.clone()).collect();
        let declared_out: Vec<String> = spec.outputs.iter().map(|t| t.name.clone()).collect();
        if inputs != declared_in {
            return Err(ModelError::SpecMismatch {
                detail: format!("inputs are declared as {declared_in:?} but the model has {inputs:?}"),
            });
        }
        if outputs != declared_out {
            return Err(ModelError::SpecMismatch {
                detail: format!("outputs are declared as {declared_out:?} but the model has {outputs:?}"),
            });
        }
        for (outlet, decl) in session.inputs().iter().zip(&spec.inputs) {
            if let ort::value::ValueType::Tensor { ty, shape, .. } = outlet.dtype() {
                let dims: &[i64] = shape;
                let expected_ty = match decl.element_type {
                    ElementType::I64 => ort::value::TensorElementType::Int64,
                    _ => ort::value::TensorElementType::Float32,
                };
                let mismatch = *ty != expected_ty
                    || dims.len() != decl.shape.len()
                    || dims
                        .iter()
                        .zip(&decl.shape)
                        .any(|(&m, d)| matches!(d, super::Dim::Fixed(n) if m >= 0 && m != *n as i64));
                if mismatch {
                    return Err(ModelError::SpecMismatch {
                        detail: format!(
                            "input {:?} is declared {} of {} but the model has {dims:?} of {ty:?}",
                            decl.name,
                            super::format_shape(&decl.shape),
                            decl.element_type
                        ),
                    });
                }
            }
        }
        Ok(Self { session: Mutex::new(session) })
    }
}

impl Session for OrtSession {
    fn run(&self, spec: &ModelSpec, inputs: &[TensorRef<'_>]) -> Result<Vec<Tensor>, ModelError> {
        // Unscaled inputs are borrowed as they are; scaled ones are copied once, scaling on the way.
        let scaled: Vec<Option<Vec<f32>>> = inputs
            .iter()
            .zip(&spec.inputs)
            .map(|(t, d)| match t.data {
                TensorData::F32(data) if !d.scaling.is_identity() => {
                    Some(data.iter().map(|&v| d.scaling.apply(v)).collect())
                }
                _ => None,
            })
            .collect();
        let mut values: Vec<(&str, ort::session::SessionInputValue<'_>)> = Vec::with_capacity(inputs.len());
        for ((t, d), s) in inputs.iter().zip(&spec.inputs).zip(&scaled) {
            let value: ort::session::SessionInputValue<'_> = match (t.data, s) {
                (_, Some(scaled)) => ort::value::TensorRef::from_array_view((t.shape.to_vec(), scaled.as_slice()))
                    .map_err(run_err)?
                    .into(),
                (TensorData::F32(data), None) => {
                    ort::value::TensorRef::from_array_view((t.shape.to_vec(), data)).map_err(run_err)?.into()
                }
                (TensorData::I64(data), None) => {
                    ort::value::TensorRef::from_array_view((t.shape.to_vec(), data)).map_err(run_err)?.into()
                }
            };
            values.push((d.name.as_str(), value));
        }
        let mut session = self.session.lock().map_err(|_| run_err("a previous run panicked"))?;
        let inputs: Vec<(std::borrow::Cow<'_, str>, ort::session::SessionInputValue<'_>)> =
            values.into_iter().map(|(n, t)| (n.into(), t)).collect();
        let outputs = session.run(inputs).map_err(run_err)?;
        spec.outputs
            .iter()
            .map(|decl| {
                let value = outputs
                    .get(decl.name.as_str())
                    .ok_or_else(|| run_err(format!("output {:?} is missing", decl.name)))?;
                let (shape, data) = value.try_extract_tensor::<f32>().map_err(run_err)?;
                let shape: Vec<usize> = shape.iter().map(|&d| usize::try_from(d).unwrap_or(0)).collect();
                Ok(Tensor { shape, data: data.to_vec() })
            })
            .collect()
    }
}
