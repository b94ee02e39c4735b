//! Photos drawn by code, never downloaded: a harbour scene (sky, sun, sea, cranes) with a
//! little grain, as JPEG, the same for the same seed.
//!
//! `sample REPO`: the sample site's photos, into its bundles under `REPO/content/`.
//! `bench N DIR [W H]`: N bundle stories under `DIR/content/photos/`, each with one W × H
//! photo (4000 × 3000 by default), for `benches/photos.sh`; Hugo reads the same folders as
//! page bundles.
//!
//! Usage: cargo run --release --example gen_photos -- sample .
//!        cargo run --release --example gen_photos -- bench 1000 /tmp/photos
#![allow(clippy::unwrap_used, clippy::expect_used)] // a tool, not for user input

use std::path::Path;

use rayon::prelude::*;

/// A cheap hash of a pixel's place and the seed, for grain.
fn noise(x: u32, y: u32, seed: u32) -> i32 {
    let mut h = x.wrapping_mul(374_761_393)
        ^ y.wrapping_mul(668_265_263)
        ^ seed.wrapping_mul(2_246_822_519);
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    ((h ^ (h >> 16)) % 17) as i32 - 8
}

/// The scene at `(x, y)` of a `w` × `h` picture.
fn pixel(x: u32, y: u32, w: u32, h: u32, seed: u32) -> [u8; 3] {
    let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
    let horizon = 0.62 + 0.02 * ((seed % 5) as f32 - 2.0) / 2.0;
    let sun = (0.25 + 0.1 * (seed % 4) as f32, horizon - 0.18);
    let mut c = if fy < horizon {
        // Sky: deep blue above, warm at the horizon.
        let t = fy / horizon;
        [40.0 + 200.0 * t, 70.0 + 120.0 * t, 140.0 + 20.0 * t]
    } else {
        // Sea: darker with depth, with swell.
        let t = (fy - horizon) / (1.0 - horizon);
        let swell = ((fx * 60.0 + fy * 300.0).sin() * 12.0) * (1.0 - t);
        [
            30.0 + swell,
            70.0 + swell - 30.0 * t,
            100.0 + swell - 30.0 * t,
        ]
    };
    let aspect = w as f32 / h as f32;
    let d = (((fx - sun.0) * aspect).powi(2) + (fy - sun.1).powi(2)).sqrt();
    if d < 0.06 {
        c = [255.0, 220.0, 150.0];
    } else if d < 0.2 {
        let glow = (0.2 - d) / 0.14 * 60.0;
        c = [c[0] + glow, c[1] + glow * 0.7, c[2]];
    }
    // Three cranes: a tower and a jib each.
    for k in 0..3 {
        let base = 0.55 + 0.13 * k as f32;
        let top = horizon - 0.3 + 0.05 * k as f32;
        let tower = (fx - base).abs() < 0.006 && fy > top && fy < horizon + 0.02;
        let jib = fy > top && fy < top + 0.012 && fx > base - 0.12 && fx < base + 0.05;
        if tower || jib {
            c = [25.0, 25.0, 30.0];
        }
    }
    let n = noise(x, y, seed) as f32;
    c.map(|v| (v + n).clamp(0.0, 255.0) as u8)
}

/// A `w` × `h` scene as JPEG at `quality` (90 is what a camera keeps).
fn photo(w: u32, h: u32, seed: u32, quality: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb(pixel(x, y, w, h, seed)));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img)
        .expect("encode");
    out
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn sample(repo: &Path) {
    let content = repo.join("content");
    for (rel, w, h, seed) in [
        ("city/2025-09-12-harbour-cranes/cranes.jpg", 1800, 1200, 1),
        ("city/2025-09-12-harbour-cranes/quay.jpg", 1000, 750, 2),
        (
            "science/2025-11-03-winter-sun-survey/sunrise.jpg",
            1600,
            1067,
            3,
        ),
    ] {
        // Kept small in the repository.
        write(&content.join(rel), &photo(w, h, seed, 70));
        println!("wrote content/{rel} ({w} × {h})");
    }
}

fn bench(n: usize, dir: &Path, w: u32, h: u32) {
    (0..n).into_par_iter().for_each(|i| {
        let story = dir.join(format!("content/photos/photo-{i:05}"));
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        write(
            &story.join("index.md"),
            format!(
                "+++\ntitle = \"Photo {i}\"\ndate = 2024-{month:02}-{day:02}T10:00:00Z\nimage = \"photo.jpg\"\nimage_alt = \"A harbour at dawn, number {i}\"\n+++\n\nA photo story.\n"
            )
            .as_bytes(),
        );
        write(&story.join("photo.jpg"), &photo(w, h, i as u32, 90));
    });
    println!(
        "wrote {n} photos of {w} × {h} under {}",
        dir.join("content/photos").display()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("sample") => sample(Path::new(args.get(1).map_or(".", String::as_str))),
        Some("bench") => {
            let n = args.get(1).and_then(|a| a.parse().ok()).expect("N");
            let dir = Path::new(args.get(2).expect("DIR"));
            let w = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(4000);
            let h = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(3000);
            bench(n, dir, w, h);
        }
        _ => eprintln!("usage: gen_photos sample REPO | gen_photos bench N DIR [W H]"),
    }
}
