#[cfg(target_arch = "wasm32")]
fn main() {
    koppelhulp::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Koppelhulp is een webapp: bouw en start hem met scripts/serve (zie README.md).");
    std::process::exit(2);
}
