#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    norbrief_fuzz::check_render_xliff(data);
});
