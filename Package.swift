// swift-tools-version:6.1
import PackageDescription

// Debug builds link with lld (in the Swift toolchain): relinking the test binary after a one-file change takes
// about 4 s instead of about 33 s with the default gold, and the mutation check relinks it once per mutant.
// Release builds (the Docker image, the benchmarks) keep the toolchain's default.
let fastDebugLink: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"], .when(configuration: .debug))]

let package = Package(
    name: "quotegen",
    products: [
        .executable(name: "quotegen", targets: ["quotegen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // The architecture, bottom up: a target may import only the targets listed as its dependencies, so a
        // wrong-way import does not compile (scripts/check-imports.py also checks each file's imports against
        // this list). README.md "Architecture" says what each one owns.
        .target(name: "QuotegenCore"),
        .target(name: "QuotegenFiles", dependencies: ["QuotegenCore"]),
        .target(name: "QuotegenJSON", dependencies: ["QuotegenCore"]),
        .target(
            name: "QuotegenRuntime",
            dependencies: [
                "QuotegenCore", "QuotegenJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "QuotegenIndex",
            dependencies: [
                "QuotegenCore", "QuotegenRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "QuotegenSQLite",
            dependencies: [
                "QuotegenCore", "QuotegenFiles", "QuotegenIndex", "QuotegenRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        .target(
            name: "QuotegenPostgres",
            dependencies: [
                "QuotegenCore", "QuotegenIndex", "QuotegenRuntime",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        .target(
            name: "QuotegenTransfer",
            dependencies: [
                "QuotegenCore", "QuotegenFiles", "QuotegenJSON", "QuotegenRuntime",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "QuotegenHTTP",
            dependencies: [
                "QuotegenCore", "QuotegenJSON", "QuotegenRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        .target(
            name: "QuotegenServer",
            dependencies: [
                "QuotegenCore", "QuotegenFiles", "QuotegenRuntime", "QuotegenIndex", "QuotegenSQLite", "QuotegenPostgres",
                "QuotegenTransfer", "QuotegenHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "quotegen",
            dependencies: [
                "QuotegenCore", "QuotegenFiles", "QuotegenRuntime", "QuotegenTransfer", "QuotegenHTTP", "QuotegenServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            linkerSettings: fastDebugLink
        ),
        // Turns the top-level migrations/*.sql and openapi.json into Swift source, so the binary carries them.
        .executableTarget(name: "EmbedResources"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedResources"]
        ),
        // scripts/bench.sh's yardstick: the same HTTP stack with nothing behind it.
        .executableTarget(
            name: "hummingbird-ceiling",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/HummingbirdCeiling"
        ),
        .testTarget(
            name: "QuotegenTests",
            dependencies: [
                "QuotegenCore", "QuotegenFiles", "QuotegenJSON", "QuotegenRuntime", "QuotegenIndex", "QuotegenSQLite",
                "QuotegenPostgres", "QuotegenTransfer", "QuotegenHTTP", "QuotegenServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            // Quotable-format sample files (QuotableImportTests), read from the source tree.
            exclude: ["Fixtures"],
            linkerSettings: fastDebugLink
        ),
    ]
)
