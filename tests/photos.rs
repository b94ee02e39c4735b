//! Photos (#24): story bundles published and resolved, resized copies of the right sizes
//! and formats, `<picture>`/`srcset`/`width`/`height` in the pages, captions and credits in
//! figures and JSON-LD, GPS stripped from every copy, EXIF orientation applied, damaged
//! photos and decompression bombs as diagnostics, and photos processed once.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

mod common;

use common::photos::{self, CAMERA};
use common::{Site, attrs, texts};

const SITE: &str =
    "base_url = \"https://news.example.org/\"\n[images]\nwidths = [300, 600, 1200]\n";

/// The bundle story `content/city/2025-01-02-pier/index.md` with `front` in its front
/// matter and `body` as its body.
fn bundle(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"Pier reopens\"\n{front}\n+++\n\n{body}\n")
}

const STORY: &str = "content/city/2025-01-02-pier/index.md";
const PAGE: &str = "2025/01/02/pier/";

fn dir(rel: &str) -> String {
    format!("content/city/2025-01-02-pier/{rel}")
}

/// A site with one bundle story whose lead photo is `photo.jpg` (`bytes`).
fn site_with_photo(bytes: &[u8], front: &str, body: &str) -> Site {
    let site = Site::new(&[
        ("site.toml", SITE),
        (
            STORY,
            &bundle(&format!("image = \"photo.jpg\"\n{front}"), body),
        ),
    ]);
    site.write_bytes(&dir("photo.jpg"), bytes);
    site
}

#[test]
fn bundle_files_are_published_beside_the_story_and_resolved() {
    let site = site_with_photo(
        &photos::jpeg(1000, 600),
        "image_alt = \"The pier at dawn\"",
        "Read [the report](report.pdf).\n\n![A map of the pier](map.svg)\n\n![Tonnage by year](chart.png \"Tonnage since 2020 | Chart: Port Authority\")\n",
    );
    site.write(&dir("report.pdf"), "%PDF-1.4 a report");
    site.write(
        &dir("map.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write_bytes(&dir("chart.png"), &photos::png(640, 320));
    site.write_bytes(&dir("unused.jpg"), &photos::jpeg(50, 50));
    site.built();
    // Files other than photos are published as they are, beside the page.
    assert_eq!(site.read(&format!("{PAGE}report.pdf")), "%PDF-1.4 a report");
    assert!(site.exists(&format!("{PAGE}map.svg")));
    // Photos only as their copies (the originals carry metadata); an unused one not at all.
    assert!(!site.exists(&format!("{PAGE}photo.jpg")));
    assert!(!site.exists(&format!("{PAGE}chart.png")));
    assert!(!site.exists(&format!("{PAGE}unused.jpg")));
    assert!(!site.exists(&format!("{PAGE}unused-50.jpg")));
    let doc = site.html(&format!("{PAGE}index.html"));
    // Relative links resolve beside the page.
    let href = attrs(&doc, ".story-body a", "href");
    assert_eq!(href, ["report.pdf"]);
    let body_imgs = attrs(&doc, ".story-body img", "src");
    assert_eq!(body_imgs.len(), 2, "{body_imgs:?}");
    for src in attrs(&doc, "img", "src")
        .iter()
        .chain(&attrs(&doc, "img", "srcset"))
    {
        for url in src.split(", ") {
            let path = url.split(' ').next().unwrap();
            let rel = path.strip_prefix('/').expect("site path");
            assert!(site.exists(rel), "{path} is not in the output");
        }
    }
    assert_eq!(body_imgs[0], format!("/{PAGE}map.svg"));
    assert!(site.exists(&format!("{PAGE}chart-640.png")));
    assert!(site.exists(&format!("{PAGE}chart-600.webp")));
}

#[test]
fn a_bundles_folders_are_published_but_not_a_story_folder_inside_it() {
    let site = site_with_photo(
        &photos::jpeg(800, 400),
        "image_alt = \"The pier at dawn\"",
        "The [route](maps/route.pdf) and the [tide table](./data/2025/tides.csv).\n\n![The quay in 1910](archive/old%20quay.png)\n\n![Cranes](archive/cranes.jpg \"Cranes at the quay | Photo: Port Authority\")\n",
    );
    site.write(&dir("maps/route.pdf"), "%PDF-1.4 the route");
    site.write(&dir("data/2025/tides.csv"), "time,height\n06:12,4.1\n");
    site.write_bytes(&dir("archive/old quay.png"), &photos::png(400, 200));
    site.write_bytes(&dir("archive/cranes.jpg"), &photos::jpeg(400, 300));
    site.write(&dir(".drafts/secret.txt"), "not for readers");
    // A folder with a story in it is that story's, not the bundle's.
    site.write(
        &dir("sidebar/index.md"),
        "+++\ntitle = \"Sidebar\"\ndate = 2025-01-02\n+++\n\nA story of its own.\n",
    );
    site.write(&dir("sidebar/notes.txt"), "the sidebar's own file");
    site.built();
    assert_eq!(
        site.read(&format!("{PAGE}maps/route.pdf")),
        "%PDF-1.4 the route"
    );
    assert!(site.exists(&format!("{PAGE}data/2025/tides.csv")));
    assert!(!site.exists(&format!("{PAGE}.drafts/secret.txt")));
    assert!(!site.exists(&format!("{PAGE}sidebar/notes.txt")));
    // Photos in a folder are resized there, the original not published.
    assert!(site.exists(&format!("{PAGE}archive/cranes-300.jpg")));
    assert!(site.exists(&format!("{PAGE}archive/cranes-400.webp")));
    assert!(!site.exists(&format!("{PAGE}archive/cranes.jpg")));
    let doc = site.html(&format!("{PAGE}index.html"));
    let hrefs = attrs(&doc, ".story-body a", "href");
    assert_eq!(hrefs, ["maps/route.pdf", "./data/2025/tides.csv"]);
    let mut seen = 0;
    for src in attrs(&doc, ".story-body img, .story-body source", "srcset")
        .iter()
        .chain(&attrs(&doc, ".story-body img", "src"))
    {
        for url in src.split(", ") {
            let path = url.split(' ').next().unwrap();
            let rel = path.strip_prefix('/').expect("site path");
            let file = percent_decode(rel);
            assert!(site.exists(&file), "{path} ({file}) is not in the output");
            seen += 1;
        }
    }
    assert!(seen >= 4, "{seen} addresses");
    let old = attrs(&doc, ".story-body img", "src");
    assert!(
        old.iter()
            .any(|s| s.contains("/archive/old%20quay-400.png")),
        "{old:?}"
    );
    // A missing file in a folder is named with its folder.
    site.write(
        STORY,
        &bundle(
            "image = \"photo.jpg\"\nimage_alt = \"x\"",
            "![Gone](archive/gone.jpg)",
        ),
    );
    let out = site.errors().join("\n");
    assert!(
        out.contains("`archive/gone.jpg` is not in the story's bundle"),
        "{out}"
    );
}

fn percent_decode(s: &str) -> String {
    s.replace("%20", " ")
}

#[test]
fn copies_have_the_right_sizes_and_formats_and_pages_say_so() {
    let site = site_with_photo(
        &photos::jpeg(1000, 600),
        "image_alt = \"The pier at dawn\"\nimage_caption = \"The pier at dawn on Thursday.\"\nimage_credit = \"Photo: Ingrid Halvorsen\"",
        "First paragraph.\n\n![Cranes](cranes.jpg \"Cranes at the quay | Photo: Port Authority\")\n",
    );
    site.write_bytes(&dir("cranes.jpg"), &photos::jpeg(400, 300));
    site.built();
    for (name, format, w, h) in [
        ("photo-300.jpg", image::ImageFormat::Jpeg, 300, 180),
        ("photo-600.jpg", image::ImageFormat::Jpeg, 600, 360),
        ("photo-1000.jpg", image::ImageFormat::Jpeg, 1000, 600),
        ("photo-300.webp", image::ImageFormat::WebP, 300, 180),
        ("photo-600.webp", image::ImageFormat::WebP, 600, 360),
        ("photo-1000.webp", image::ImageFormat::WebP, 1000, 600),
        ("cranes-300.jpg", image::ImageFormat::Jpeg, 300, 225),
        ("cranes-400.webp", image::ImageFormat::WebP, 400, 300),
    ] {
        let bytes = std::fs::read(site.path(&format!("public/{PAGE}{name}"))).unwrap();
        assert_eq!(image::guess_format(&bytes).unwrap(), format, "{name}");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (w, h), "{name}");
    }
    // Never enlarged: no copy wider than the photo.
    assert!(!site.exists(&format!("{PAGE}photo-1200.jpg")));
    assert!(!site.exists(&format!("{PAGE}cranes-600.jpg")));

    let doc = site.html(&format!("{PAGE}index.html"));
    let lead = ".story-figure picture img";
    assert_eq!(attrs(&doc, lead, "src"), [format!("/{PAGE}photo-1000.jpg")]);
    assert_eq!(attrs(&doc, lead, "width"), ["1000"]);
    assert_eq!(attrs(&doc, lead, "height"), ["600"]);
    assert_eq!(
        attrs(&doc, lead, "srcset"),
        [format!(
            "/{PAGE}photo-300.jpg 300w, /{PAGE}photo-600.jpg 600w, /{PAGE}photo-1000.jpg 1000w"
        )]
    );
    assert_eq!(attrs(&doc, lead, "alt"), ["The pier at dawn"]);
    assert!(!attrs(&doc, lead, "sizes")[0].is_empty());
    assert!(
        attrs(&doc, lead, "loading").is_empty(),
        "the lead is not lazy"
    );
    assert_eq!(attrs(&doc, ".story-figure source", "type"), ["image/webp"]);
    assert!(attrs(&doc, ".story-figure source", "srcset")[0].contains("photo-600.webp 600w"));
    assert_eq!(
        texts(&doc, ".story-figure figcaption"),
        ["The pier at dawn on Thursday. Photo: Ingrid Halvorsen"]
    );
    // The body's photo: lazy, async, in a figure with its caption and credit.
    let body = ".story-body figure picture img";
    assert_eq!(attrs(&doc, body, "loading"), ["lazy"]);
    assert_eq!(attrs(&doc, body, "decoding"), ["async"]);
    assert_eq!(attrs(&doc, body, "width"), ["400"]);
    assert_eq!(attrs(&doc, body, "height"), ["300"]);
    assert_eq!(attrs(&doc, body, "alt"), ["Cranes"]);
    assert_eq!(
        texts(&doc, ".story-body figcaption .caption"),
        ["Cranes at the quay"]
    );
    assert_eq!(
        texts(&doc, ".story-body figcaption .credit"),
        ["Photo: Port Authority"]
    );
    // The share image is the widest JPEG (none reaches 1,200 px), absolute.
    let og = format!("https://news.example.org/{PAGE}photo-1000.jpg");
    assert_eq!(
        attrs(&doc, "meta[property='og:image']", "content"),
        std::slice::from_ref(&og)
    );
    assert_eq!(
        attrs(&doc, "meta[name='twitter:image']", "content"),
        std::slice::from_ref(&og)
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image:width']", "content"),
        ["1000"]
    );
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).unwrap();
    let image = &ld["image"];
    assert_eq!(image["@type"], "ImageObject");
    assert_eq!(image["url"], og);
    assert_eq!(
        (image["width"].as_u64(), image["height"].as_u64()),
        (Some(1000), Some(600))
    );
    assert_eq!(image["caption"], "The pier at dawn on Thursday.");
    assert_eq!(image["creditText"], "Photo: Ingrid Halvorsen");
    common::assert_outputs_well_formed(&site);
}

#[test]
fn the_share_image_is_a_jpeg_of_1200_px_when_the_photo_allows() {
    let site = site_with_photo(&photos::jpeg(1600, 900), "", "Text.");
    site.built();
    let doc = site.html(&format!("{PAGE}index.html"));
    let og = attrs(&doc, "meta[property='og:image']", "content");
    assert_eq!(
        og,
        [format!("https://news.example.org/{PAGE}photo-1200.jpg")]
    );
    let bytes = std::fs::read(site.path(&format!("public/{PAGE}photo-1200.jpg"))).unwrap();
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Jpeg
    );
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 1200);
    // A PNG photo is shown as PNG and shared as one JPEG.
    let site = Site::new(&[
        ("site.toml", SITE),
        (STORY, &bundle("image = \"chart.png\"", "Text.")),
    ]);
    site.write_bytes(&dir("chart.png"), &photos::png(1300, 700));
    site.built();
    let doc = site.html(&format!("{PAGE}index.html"));
    let og = attrs(&doc, "meta[property='og:image']", "content");
    assert_eq!(
        og,
        [format!("https://news.example.org/{PAGE}chart-1200.jpg")]
    );
    let bytes = std::fs::read(site.path(&format!("public/{PAGE}chart-1200.jpg"))).unwrap();
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Jpeg
    );
    assert_eq!(
        attrs(&doc, ".story-figure img", "src"),
        [format!("/{PAGE}chart-1200.png")]
    );
    assert!(!attrs(&doc, ".story-figure img", "srcset")[0].contains(".jpg"));
}

#[test]
fn gps_and_camera_are_removed_from_every_copy() {
    let original = photos::with_exif(&photos::jpeg(700, 400), 1, true);
    // The test photo really carries them.
    assert!(photos::gps_latitude(&original).is_some());
    assert!(original.windows(CAMERA.len()).any(|w| w == CAMERA));
    let site = site_with_photo(&original, "", "Text.");
    site.built();
    let mut copies = 0;
    for (rel, bytes) in site.snapshot() {
        if bytes.windows(CAMERA.len()).any(|w| w == CAMERA) {
            panic!("{rel} carries the camera's name");
        }
        assert!(
            !bytes.windows(6).any(|w| w == b"Exif\0\0"),
            "{rel} has an EXIF block"
        );
        if rel.ends_with(".jpg") {
            assert_eq!(photos::gps_latitude(&bytes), None, "{rel}");
            copies += 1;
        }
    }
    assert_eq!(copies, 3, "300, 600 and 700 px JPEGs");
}

#[test]
fn keep_metadata_keeps_the_exif_with_the_orientation_upright() {
    let original = photos::with_exif(&photos::jpeg(400, 200), 6, true);
    let site = site_with_photo(&original, "", "Text.");
    site.write("site.toml", &format!("{SITE}keep_metadata = true\n"));
    site.built();
    let bytes = std::fs::read(site.path(&format!("public/{PAGE}photo-200.jpg"))).unwrap();
    assert!(photos::gps_latitude(&bytes).is_some(), "kept on request");
    assert_eq!(photos::orientation(&bytes), Some(1));
    assert_eq!(image::load_from_memory(&bytes).unwrap().height(), 400);
}

#[test]
fn a_rotated_photo_comes_out_upright() {
    // Stored 400 × 200, left half red, right half blue; EXIF orientation 6 (turn 90°
    // clockwise to show): upright it is 200 × 400, red on top.
    let stored = photos::jpeg_with(400, 200, |x, _| {
        if x < 200 {
            [220, 20, 20]
        } else {
            [20, 20, 220]
        }
    });
    let site = site_with_photo(&photos::with_exif(&stored, 6, false), "", "Text.");
    site.built();
    let doc = site.html(&format!("{PAGE}index.html"));
    assert_eq!(attrs(&doc, ".story-figure img", "width"), ["200"]);
    assert_eq!(attrs(&doc, ".story-figure img", "height"), ["400"]);
    for name in ["photo-200.jpg", "photo-200.webp"] {
        let bytes = std::fs::read(site.path(&format!("public/{PAGE}{name}"))).unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (200, 400), "{name}");
        let top = img.get_pixel(100, 50).0;
        let bottom = img.get_pixel(100, 350).0;
        assert!(top[0] > 150 && top[2] < 100, "{name}: top is {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{name}: bottom is {bottom:?}"
        );
    }
}

#[test]
fn damaged_missing_and_oversized_photos_are_diagnostics() {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("photo.jpg", b"not a photo at all".to_vec(), "photo.jpg"),
        ("photo.jpg", photos::png_bomb(100_000, 100_000), "more than"),
        (
            "photo.jpg",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "photo.jpg",
        ),
        (
            "other.jpg",
            photos::jpeg(10, 10),
            "is not in the story's bundle",
        ),
    ];
    for (name, bytes, expect) in cases {
        let site = Site::new(&[
            ("site.toml", SITE),
            (STORY, &bundle("image = \"photo.jpg\"", "Text.")),
        ]);
        site.write_bytes(&dir(name), &bytes);
        let errors = site.errors();
        let all = errors.join("\n");
        assert!(all.contains("index.md"), "names the story: {all}");
        assert!(all.contains("photo.jpg"), "names the image: {all}");
        assert!(all.contains(expect), "{all}");
        assert!(!site.exists("index.html"), "nothing written");
    }
    // A JPEG cut short after its header decodes to an error or a partial image, never a panic.
    let whole = photos::jpeg(300, 200);
    let site = site_with_photo(&whole[..whole.len() / 3], "", "Text.");
    match site.build() {
        Ok(_) => assert!(site.exists(&format!("{PAGE}photo-300.jpg"))),
        Err(e) => assert!(e.to_string().contains("photo.jpg"), "{e}"),
    }
    // A body image that is missing.
    let site = Site::new(&[
        ("site.toml", SITE),
        (STORY, &bundle("", "![Gone](gone.jpg)")),
    ]);
    let all = site.errors().join("\n");
    assert!(
        all.contains("gone.jpg") && all.contains("index.md"),
        "{all}"
    );
}

#[test]
fn photos_are_processed_once() {
    let site = site_with_photo(
        &photos::jpeg(800, 500),
        "image_caption = \"First caption\"",
        "![Cranes](cranes.jpg)",
    );
    site.write_bytes(&dir("cranes.jpg"), &photos::jpeg(500, 400));
    assert_eq!(site.built().photos_processed, 2);
    // Nothing changed: nothing processed, nothing written.
    let again = site.built();
    assert_eq!((again.photos_processed, again.written), (0, 0));
    // A caption edit renders the page again, not the photo.
    site.write(
        STORY,
        &bundle(
            "image = \"photo.jpg\"\nimage_caption = \"Second caption\"",
            "![Cranes](cranes.jpg)",
        ),
    );
    let edited = site.built();
    assert_eq!(edited.photos_processed, 0);
    assert!(edited.written >= 1);
    let doc = site.html(&format!("{PAGE}index.html"));
    assert_eq!(texts(&doc, ".story-figure figcaption"), ["Second caption"]);
    // With the output gone, the copies come from the media cache.
    std::fs::remove_dir_all(site.path("public")).unwrap();
    assert_eq!(site.built().photos_processed, 0);
    assert!(site.exists(&format!("{PAGE}photo-800.webp")));
    // A damaged cache entry is made again, not trusted.
    let media = site.path(".gazette/media");
    let entry = walkdir::WalkDir::new(&media)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file() && e.path().to_string_lossy().ends_with("-800.webp"))
        .expect("a cached copy");
    std::fs::write(entry.path(), b"forged bytes").unwrap();
    std::fs::remove_dir_all(site.path("public")).unwrap();
    assert_eq!(site.built().photos_processed, 1);
    let bytes = std::fs::read(site.path(&format!("public/{PAGE}photo-800.webp"))).unwrap();
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 800);
    // A changed photo is processed again.
    site.write_bytes(&dir("cranes.jpg"), &photos::jpeg(520, 400));
    assert_eq!(site.built().photos_processed, 1);
    assert!(site.exists(&format!("{PAGE}cranes-520.jpg")));
    assert!(
        !site.exists(&format!("{PAGE}cranes-500.jpg")),
        "the old copy is removed"
    );
}

#[test]
fn check_reports_images_without_alt_text_and_knows_bundle_files() {
    let site = site_with_photo(
        &photos::jpeg(400, 300),
        "",
        "Read [the report](report.pdf).\n\n![](cranes.jpg)\n\n![Cranes](cranes.jpg)\n",
    );
    site.write(&dir("report.pdf"), "%PDF");
    site.write_bytes(&dir("cranes.jpg"), &photos::jpeg(300, 200));
    let problems: Vec<String> =
        gazette::check::run(site.root(), &gazette::check::Options::default())
            .iter()
            .map(|d| d.to_string())
            .collect();
    let all = problems.join("\n");
    assert_eq!(problems.len(), 2, "{all}");
    assert!(all.contains("the lead image has no alt text"), "{all}");
    assert!(all.contains("image `cranes.jpg` has no alt text"), "{all}");
    assert!(problems.iter().all(|p| p.contains("index.md")), "{all}");
    // With alt text everywhere, the bundle's files are links that resolve: no problem.
    site.write(
        STORY,
        &bundle(
            "image = \"photo.jpg\"\nimage_alt = \"A pier\"",
            "Read [the report](report.pdf).\n\n![Cranes](cranes.jpg)\n",
        ),
    );
    let left = gazette::check::run(site.root(), &gazette::check::Options::default());
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn check_reports_a_lead_image_that_is_not_there() {
    let story = |image: &str| {
        format!(
            "+++\ntitle = \"Old pier\"\nimage = \"{image}\"\nimage_alt = \"The old pier\"\n+++\n\nBody.\n"
        )
    };
    let site = Site::new(&[
        ("site.toml", SITE),
        (
            "content/city/2025-01-03-old-pier.md",
            &story("/images/gone.jpg"),
        ),
        ("static/images/pier.jpg", "not checked for its bytes"),
    ]);
    let check = || -> Vec<String> {
        gazette::check::run(site.root(), &gazette::check::Options::default())
            .iter()
            .map(|d| d.to_string())
            .collect()
    };
    let problems = check();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("2025-01-03-old-pier.md:3:")
            && problems[0].contains("image to `/images/gone.jpg` does not match any page or file"),
        "{problems:?}"
    );
    // A static file that is there, by a site path or as written without its slash, and a
    // full URL (checked only with --external), are fine.
    for image in [
        "/images/pier.jpg",
        "images/pier.jpg",
        "https://photos.example/a.jpg",
    ] {
        site.write("content/city/2025-01-03-old-pier.md", &story(image));
        assert_eq!(check(), Vec::<String>::new(), "{image}");
    }
}

#[test]
fn a_serve_session_processes_a_photo_only_when_it_changes() {
    use gazette::driver::{Options, Session};
    let site = site_with_photo(&photos::jpeg(700, 400), "image_caption = \"One\"", "Text.");
    let mut session = Session::new(site.root(), Options::default());
    assert_eq!(session.build().unwrap().photos_processed, 1);
    // The story edited (its caption): the page again, not the photo.
    site.write(
        STORY,
        &bundle("image = \"photo.jpg\"\nimage_caption = \"Two\"", "Text."),
    );
    let edited = session.rebuild_changed(&[site.path(STORY)]).unwrap();
    assert_eq!(edited.photos_processed, 0);
    let doc = site.html(&format!("{PAGE}index.html"));
    assert_eq!(texts(&doc, ".story-figure figcaption"), ["Two"]);
    // The photo replaced: made again, at its new size.
    site.write_bytes(&dir("photo.jpg"), &photos::jpeg(650, 400));
    let replaced = session
        .rebuild_changed(&[site.path(&dir("photo.jpg"))])
        .unwrap();
    assert_eq!(replaced.photos_processed, 1);
    assert!(site.exists(&format!("{PAGE}photo-650.webp")));
    assert!(!site.exists(&format!("{PAGE}photo-700.webp")));
}
