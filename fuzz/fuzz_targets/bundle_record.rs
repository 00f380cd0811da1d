#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| commitment_tracker::harness::bundle_record(data));
