// The migrations are embedded with include_str!; rebuild when any changes or is added.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=src/seed");
}
