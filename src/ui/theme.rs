//! Colours, taken from GAN Lab: green for real, purple for fake, and d3's PRGn
//! diverging map for the discriminator's heatmap.

use egui::Color32;

/// Real samples (GAN Lab: `rgba(0,136,55,0.75)`).
pub const REAL: Color32 = Color32::from_rgba_premultiplied(0, 102, 41, 191);
/// Fake samples (GAN Lab: `rgba(123,50,148,0.75)`).
pub const FAKE: Color32 = Color32::from_rgba_premultiplied(92, 38, 111, 191);
/// Gradient arrows (GAN Lab: `rgba(196,20,219,0.5)`).
pub const GRADIENT: Color32 = Color32::from_rgba_premultiplied(98, 10, 110, 128);
/// Manifold cells (GAN Lab: `#7b3294`).
pub const MANIFOLD: Color32 = Color32::from_rgb(0x7b, 0x32, 0x94);
/// Discriminator-side highlight (GAN Lab: `rgb(105,158,255)`).
pub const D_FLOW: Color32 = Color32::from_rgb(105, 158, 255);
/// Generator-side highlight (GAN Lab: `rgb(186,99,207)`).
pub const G_FLOW: Color32 = Color32::from_rgb(186, 99, 207);
/// D loss line.
pub const D_LOSS: Color32 = Color32::from_rgb(66, 133, 244);
/// G loss line.
pub const G_LOSS: Color32 = Color32::from_rgb(171, 71, 188);
/// KL line.
pub const KL: Color32 = Color32::from_rgb(230, 126, 34);
/// JS line.
pub const JS: Color32 = Color32::from_rgb(39, 174, 96);
/// The branch point of a rewound run.
pub const BRANCH: Color32 = Color32::from_rgb(120, 120, 120);
/// The iteration shown while time travelling.
pub const VIEWING: Color32 = Color32::from_rgb(230, 81, 0);
/// Run B in compare mode.
pub const COMPARE: Color32 = Color32::from_rgb(0, 137, 123);
/// Covered mode ring.
pub const MODE_COVERED: Color32 = Color32::from_rgb(0, 120, 50);
/// Missed mode ring.
pub const MODE_MISSED: Color32 = Color32::from_rgb(200, 40, 40);

/// d3's PRGn stops, purple (0) to green (1).
const PRGN: [u32; 11] = [
    0x40004b, 0x762a83, 0x9970ab, 0xc2a5cf, 0xe7d4e8, 0xf7f7f7, 0xd9f0d3, 0xa6dba0, 0x5aae61,
    0x1b7837, 0x00441b,
];

/// The heatmap colour of a probability of being real: purple (fake) through white to
/// green (real). Only the paler middle of the map is used so the dots stay visible.
pub fn heatmap_colour(probability: f32) -> Color32 {
    let t = 0.2 + 0.6 * probability.clamp(0.0, 1.0);
    let scaled = t * (PRGN.len() - 1) as f32;
    let i = (scaled.floor() as usize).min(PRGN.len() - 2);
    let f = scaled - i as f32;
    let channel = |c: u32, shift: u32| ((c >> shift) & 0xff) as f32;
    let mix = |shift| {
        let (a, b) = (channel(PRGN[i], shift), channel(PRGN[i + 1], shift));
        (a + (b - a) * f).round() as u8
    };
    Color32::from_rgb(mix(16), mix(8), mix(0))
}
