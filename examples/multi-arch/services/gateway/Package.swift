// swift-tools-version: 6.0
import PackageDescription

let package = Package(name: "Gateway", targets: [.executableTarget(name: "Gateway")])
