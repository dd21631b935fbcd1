//! Arbitrary sizes, strides, formats and buffers through image-view validation, gray
//! conversion and the limit checks: typed errors or valid views, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use resona_core::{ImageView, Limits, PixelFormat};

#[derive(Arbitrary, Debug)]
struct Input {
    width: u32,
    height: u32,
    stride: usize,
    format: u8,
    data: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let format = [PixelFormat::Rgb8, PixelFormat::Rgba8, PixelFormat::Bgr8, PixelFormat::Gray8][usize::from(input.format % 4)];
    if let Ok(view) = ImageView::new(&input.data, input.width, input.height, input.stride, format) {
        let limits = Limits::default().with_max_image_pixels(1 << 20);
        if limits.check_image(&view).is_ok() {
            let gray = view.to_gray();
            assert_eq!(gray.len(), input.width as usize * input.height as usize);
        }
    }
});
