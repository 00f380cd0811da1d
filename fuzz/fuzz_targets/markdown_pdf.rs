#![no_main]

use libfuzzer_sys::fuzz_target;

// A narrative through the whole Markdown-to-PDF path: blocks, the typesetter's JSON, layout
// and the PDF writer, in-process.
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let json = commitment_tracker::export::pdf::narrative_probe(&text);
    let _ = commitment_tracker_typeset::typeset("2026-11-30", &json);
});
