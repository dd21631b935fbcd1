//! The tract backend: pure Rust, the default, and the one that runs in the browser.

use super::{Dim, ElementType, ModelSpec, Session, Tensor, TensorData, TensorRef};
use crate::error::ModelError;
use std::sync::Arc;
use tract_onnx::prelude::*;
use tract_onnx::tract_hir::infer::Factoid;

const NAME: &str = "tract";

pub(crate) struct TractSession {
    /// Any batch size.
    general: Arc<TypedRunnableModel>,
    /// Batch 1 only, when the spec has a batch axis.
    single: Option<Arc<TypedRunnableModel>>,
}

fn load_err(e: impl std::fmt::Display) -> ModelError {
    ModelError::Load { backend: NAME, reason: e.to_string() }
}

fn run_err(e: impl std::fmt::Display) -> ModelError {
    ModelError::Run { backend: NAME, reason: e.to_string() }
}

impl TractSession {
    pub(crate) fn load(bytes: &[u8], spec: &ModelSpec) -> Result<Self, ModelError> {
        // tract's protobuf reader can panic on some malformed input instead of returning an
        // error; contain that so hostile bytes give a typed error, not an abort of the host.
        // Intermediate value_info shapes are hints that exporters get wrong (a transformer's
        // attention-mask broadcast declared [batch, 1, sequence, sequence]); ONNX Runtime
        // ignores them and so does Resona: tract infers every inner shape from the ops.
        let model = std::panic::catch_unwind(|| {
            tract_onnx::onnx().with_ignore_value_info(true).model_for_read(&mut &bytes[..])
        })
        .map_err(|_| load_err("the ONNX protobuf is malformed"))?
        .map_err(load_err)?;

        check_names(
            "input",
            spec.inputs.iter().map(|t| t.name.as_str()),
            model.input_outlets().map_err(load_err)?.iter().map(|o| model.node(o.node).name.as_str()),
        )?;
        let outputs: Vec<String> = model
            .output_outlets()
            .map_err(load_err)?
            .iter()
            .map(|o| model.outlet_label(*o).unwrap_or(&model.node(o.node).name).to_owned())
            .collect();
        check_names("output", spec.outputs.iter().map(|t| t.name.as_str()), outputs.iter().map(String::as_str))?;

        // Declared fixed dimensions must agree with the model's own where it has them; then
        // the spec's shapes (with a symbol for each dynamic dimension) become the input facts.
        for (i, decl) in spec.inputs.iter().enumerate() {
            let fact = model.input_fact(i).map_err(load_err)?;
            if let Some(dt) = fact.datum_type.concretize() {
                if dt != datum_type(decl.element_type) {
                    return Err(ModelError::SpecMismatch {
                        detail: format!(
                            "input {:?} is declared {} but the model takes {dt:?}",
                            decl.name, decl.element_type
                        ),
                    });
                }
            }
            let model_dims: Vec<Option<i64>> =
                fact.shape.dims().map(|d| d.concretize().and_then(|d| d.as_i64())).collect();
            if fact.shape.is_open() || model_dims.is_empty() {
                // The model leaves the rank open: nothing to compare.
            } else if model_dims.len() != decl.shape.len()
                || model_dims.iter().zip(&decl.shape).any(|(m, d)| match (m, d) {
                    (Some(m), Dim::Fixed(n)) => *m != i64::try_from(*n).unwrap_or(i64::MAX),
                    _ => false,
                })
            {
                return Err(ModelError::SpecMismatch {
                    detail: format!(
                        "input {:?} is declared {} but the model has {}",
                        decl.name,
                        super::format_shape(&decl.shape),
                        format_model_dims(&model_dims)
                    ),
                });
            }
        }
        // A plan for any batch size, and, when every input leads with a dynamic batch axis, one
        // specialised to batch 1: the common single-frame call runs about 5x faster on it
        // (mini-XCEPTION: 1.5 ms instead of 7.5 ms), because tract optimises concrete shapes
        // much better than symbolic ones.
        // The batch-1 plan is only an optimisation: a model whose graph names its batch axis
        // in intermediate shapes (transformer exports: `batch`) cannot take a literal 1 there,
        // and then runs on the general plan.
        let general = plan(model.clone(), spec, false)?;
        let single = if spec.inputs.iter().all(|t| t.shape.first() == Some(&Dim::Dynamic)) {
            plan(model, spec, true).ok()
        } else {
            None
        };
        Ok(Self { general, single })
    }
}

/// Sets the spec's input facts (a symbol for each dynamic axis, or 1 for the batch axis when
/// `batch_one`), optimises, checks the outputs against the spec and makes the plan.
fn plan(mut model: InferenceModel, spec: &ModelSpec, batch_one: bool) -> Result<Arc<TypedRunnableModel>, ModelError> {
    for (i, decl) in spec.inputs.iter().enumerate() {
        // A dynamic axis the model itself names (e.g. a transformer's `sequence`, shared by
        // input_ids, attention_mask and token_type_ids) keeps the model's symbol, so tract
        // knows those axes are equal; other dynamic axes get a symbol of their own.
        let model_dims: Vec<Option<TDim>> = model
            .input_fact(i)
            .map(|f| if f.shape.is_open() { Vec::new() } else { f.shape.dims().map(|d| d.concretize()).collect() })
            .unwrap_or_default();
        let dims: TVec<TDim> = decl
            .shape
            .iter()
            .enumerate()
            .map(|(axis, d)| match d {
                Dim::Fixed(n) => TDim::from(*n as i64),
                Dim::Dynamic if axis == 0 && batch_one => TDim::from(1),
                Dim::Dynamic => match model_dims.get(axis) {
                    Some(Some(m)) if m.to_i64().is_err() => m.clone(),
                    _ => model.symbols.sym(&format!("{}_{axis}", sanitize(&decl.name))).into(),
                },
            })
            .collect();
        let fact = match decl.element_type {
            ElementType::I64 => i64::fact(dims),
            _ => f32::fact(dims),
        };
        model = model.with_input_fact(i, fact.into()).map_err(load_err)?;
    }
    let typed = model.into_optimized().map_err(|e| ModelError::SpecMismatch { detail: format!("{e:#}") })?;
    for (i, decl) in spec.outputs.iter().enumerate() {
        let fact = typed.output_fact(i).map_err(load_err)?;
        let rank_ok = fact.shape.rank() == decl.shape.len();
        let dims_ok = fact.shape.iter().zip(&decl.shape).all(|(m, d)| match (m.to_i64(), d) {
            (Ok(m), Dim::Fixed(n)) => m == *n as i64,
            _ => true,
        });
        if !rank_ok || !dims_ok || fact.datum_type != f32::datum_type() {
            return Err(ModelError::SpecMismatch {
                detail: format!(
                    "output {:?} is declared {} of f32 but the model gives {:?} of {:?}",
                    decl.name,
                    super::format_shape(&decl.shape),
                    fact.shape,
                    fact.datum_type
                ),
            });
        }
    }
    typed.into_runnable().map_err(load_err)
}

impl Session for TractSession {
    fn run(&self, spec: &ModelSpec, inputs: &[TensorRef<'_>]) -> Result<Vec<Tensor>, ModelError> {
        let mut values: TVec<TValue> = TVec::with_capacity(inputs.len());
        for (t, decl) in inputs.iter().zip(&spec.inputs) {
            // tract owns its input tensors; the one copy applies the spec's scaling.
            let tensor = match t.data {
                TensorData::F32(data) => {
                    let mut tensor = zeros(t.shape)?;
                    {
                        let mut plain = tensor.try_as_plain_ram_mut().map_err(run_err)?;
                        let dst = plain.as_slice_mut::<f32>().map_err(run_err)?;
                        let s = decl.scaling;
                        for (d, &v) in dst.iter_mut().zip(data) {
                            *d = s.apply(v);
                        }
                    }
                    tensor
                }
                TensorData::I64(data) => {
                    tract_onnx::prelude::Tensor::from_shape::<i64>(t.shape, data).map_err(run_err)?
                }
            };
            values.push(tensor.into());
        }
        let plan = match &self.single {
            Some(single) if inputs.iter().all(|t| t.shape.first() == Some(&1)) => single,
            _ => &self.general,
        };
        // tract panics on some inputs a model does not accept instead of returning an error
        // (a Gather index past its table: a token id beyond a transformer's vocabulary, when
        // the tokenizer and the model do not match); contain it as a typed error. WebAssembly
        // cannot unwind, so there the panic still traps.
        let outputs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| plan.run(values)))
            .map_err(|_| run_err("tract panicked running the model: an input outside what the model accepts"))?
            .map_err(run_err)?;
        outputs
            .into_iter()
            .map(|o| {
                let data = o.try_as_plain_ram().map_err(run_err)?.as_slice::<f32>().map_err(run_err)?.to_vec();
                Ok(Tensor { shape: o.shape().to_vec(), data })
            })
            .collect()
    }
}

fn datum_type(t: ElementType) -> DatumType {
    match t {
        ElementType::I64 => i64::datum_type(),
        _ => f32::datum_type(),
    }
}

fn zeros(shape: &[usize]) -> Result<tract_onnx::prelude::Tensor, ModelError> {
    tract_onnx::prelude::Tensor::zero::<f32>(shape).map_err(run_err)
}

fn check_names<'a>(
    what: &str,
    declared: impl Iterator<Item = &'a str>,
    actual: impl Iterator<Item = &'a str>,
) -> Result<(), ModelError> {
    let declared: Vec<&str> = declared.collect();
    let actual: Vec<&str> = actual.collect();
    if declared == actual {
        Ok(())
    } else {
        Err(ModelError::SpecMismatch {
            detail: format!("{what}s are declared as {declared:?} but the model has {actual:?}"),
        })
    }
}

fn format_model_dims(dims: &[Option<i64>]) -> String {
    let d: Vec<String> = dims.iter().map(|d| d.map_or_else(|| "?".to_owned(), |v| v.to_string())).collect();
    format!("[{}]", d.join(", "))
}

// Symbol names must be identifiers.
fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}
