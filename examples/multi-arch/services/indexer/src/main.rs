fn main() {
    println!("indexer built for {}", std::env::consts::ARCH);
}
