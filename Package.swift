// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Warden",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .executable(name: "warden", targets: ["warden"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // TLS serving and client certificates (NIOSSL), certificate verification and test certificates (X509).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        // Only the OTLP/HTTP exporter: the default traits also build the gRPC exporter and its stack.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // The live event stream (GET /v1/events) and its WebSocket client in the tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        // The PostgreSQL store for multi-instance deployments (pooled client, LISTEN/NOTIFY).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // The governance console's server-rendered pages (/console).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(name: "JSONSchema", resources: [.copy("MetaSchemas")]),
        .target(name: "WardenCore", dependencies: [
            "JSONSchema",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "WardenStore", dependencies: [
            "WardenCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "WardenRuntime", dependencies: [
            "WardenCore", "WardenStore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        .target(name: "WardenMCP", dependencies: [
            "WardenCore", "WardenRuntime",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
        ]),
        // The A2A wire layer (types, 0.3 compatibility, JSON-RPC envelope, errors); server handler and client build on it.
        .target(name: "WardenA2A", dependencies: [
            "WardenCore", "WardenRuntime", "WardenStore", "JSONSchema",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "WardenServer", dependencies: [
            "WardenCore", "WardenStore", "WardenRuntime", "WardenMCP", "WardenA2A",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "OTel", package: "swift-otel"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Resources")]),
        .executableTarget(name: "warden", dependencies: [
            "WardenServer", "JSONSchema",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .executableTarget(name: "AuditBenchmark", dependencies: [
            "WardenStore", "WardenCore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/AuditBenchmark"),
        .executableTarget(name: "SchemaBenchmark", dependencies: ["JSONSchema"], path: "Benchmarks/SchemaBenchmark"),
        .executableTarget(name: "MinimizationBenchmark", dependencies: ["WardenCore", "JSONSchema"], path: "Benchmarks/MinimizationBenchmark"),
        .executableTarget(name: "TokenBenchmark", dependencies: ["WardenRuntime", "WardenStore", "WardenCore"],
                          path: "Benchmarks/TokenBenchmark"),
        .executableTarget(name: "ProxyBenchmark", dependencies: [
            "WardenServer", "WardenMCP", "WardenRuntime", "WardenStore", "WardenCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], path: "Benchmarks/ProxyBenchmark"),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"]),
        .testTarget(name: "WardenCoreTests", dependencies: ["WardenCore"], exclude: ["Fixtures"]),
        // PostgreSQL servers and databases for the tests (scripts/postgres-test-server.sh, or the one .ci/run starts).
        .target(name: "PostgresTestSupport", dependencies: [
            "WardenCore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/PostgresTestSupport"),
        .testTarget(name: "WardenStoreTests", dependencies: [
            "WardenStore", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // An in-memory tracer for the span tests of WardenRuntime and WardenMCP.
        .target(name: "TracingTestSupport", dependencies: [
            "WardenCore", .product(name: "Tracing", package: "swift-distributed-tracing"),
        ], path: "Tests/TracingTestSupport"),
        // A certificate authority made at test time (CA, server and client certificates as PEM files) for the TLS tests.
        .target(name: "TLSTestSupport", dependencies: [
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Tests/TLSTestSupport"),
        // The official a2a-sdk as a real agent process (scripts/a2a-peer-agent.py), for the A2A client tests.
        .target(name: "A2APeerSupport", dependencies: [
            "JSONSchema", "WardenCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], path: "Tests/A2APeerSupport"),
        .testTarget(name: "WardenRuntimeTests", dependencies: [
            "WardenRuntime", "TracingTestSupport", "TLSTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "X509", package: "swift-certificates"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
        ]),
        .testTarget(name: "WardenMCPTests", dependencies: [
            "WardenMCP", "WardenServer", "JSONSchema", "TracingTestSupport",
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "WardenA2ATests", dependencies: [
            "WardenA2A", "WardenCore", "WardenRuntime", "JSONSchema", "TLSTestSupport", "A2APeerSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "WardenCLITests", dependencies: [
            "warden", "WardenCore", "TLSTestSupport", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "WardenServerTests", dependencies: [
            "WardenServer", "WardenA2A", "TLSTestSupport", "A2APeerSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
