// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "chatd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chatd", targets: ["chatd"]),
        .executable(name: "chatctl", targets: ["chatctl"]),
        .executable(name: "chat", targets: ["chat"]),
        .executable(name: "chat-bench", targets: ["chat-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The chat wire vocabulary, defined once for chatd, chat, chat-bench and the tests.
        .target(name: "ChatProtocol"),
        // Pure chat logic: aliases, routing, limits. No I/O, no clock.
        .target(name: "ChatCore", dependencies: ["ChatProtocol"]),
        // The JSON-lines admin protocol spoken by chatd and chatctl.
        .target(name: "AdminProtocol"),
        // libsystemd as found by pkg-config (Debian: libsystemd-dev).
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Socket activation, sd_notify and the journal, in Swift terms.
        .target(
            name: "Systemd",
            dependencies: [
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SwiftNIO server: framing, connections, the hub, the admin socket.
        .target(
            name: "ChatServer",
            dependencies: [
                "ChatCore",
                "ChatProtocol",
                "AdminProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Terminal client: rendering, line editing, and a poll(2) loop (one socket needs no NIO).
        .target(name: "ChatClient", dependencies: ["ChatProtocol"]),
        // `chat --tls`: swift-nio-ssl around the client's blocking socket (kept apart so ChatClient builds with swiftc alone for fuzzing).
        .target(
            name: "ChatClientTLS",
            dependencies: [
                "ChatClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "chatd",
            dependencies: [
                "AdminProtocol",
                "ChatServer",
                "ChatCore",
                "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "chatctl",
            dependencies: [
                "AdminProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "chat",
            dependencies: [
                "ChatClient",
                "ChatClientTLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "chat-bench",
            dependencies: [
                "ChatProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Helpers for tests that run the real binaries over real sockets.
        .target(name: "TestSupport", dependencies: ["ChatProtocol"], path: "Tests/TestSupport"),
        .testTarget(name: "ChatProtocolTests", dependencies: ["ChatProtocol"]),
        .testTarget(name: "ChatCoreTests", dependencies: ["ChatCore", "ChatProtocol"]),
        // The hub and the connection handler without sockets, on NIO's embedded event loop.
        .testTarget(
            name: "ChatServerTests",
            dependencies: [
                "ChatServer",
                "ChatCore",
                "AdminProtocol",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The real chatd executable over real sockets.
        .testTarget(name: "ChatdTests", dependencies: ["TestSupport"]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", "TestSupport"]),
        .testTarget(name: "AdminProtocolTests", dependencies: ["AdminProtocol"]),
        // The real chatctl against the real chatd over the admin socket, plus chatctl's pure parts.
        .testTarget(name: "ChatctlTests", dependencies: ["TestSupport", "chatctl", "AdminProtocol"]),
        .testTarget(name: "ChatClientTests", dependencies: ["ChatClient", "ChatProtocol", "TestSupport"]),
        // A short run of the real chat-bench against the debug chatd: correctness only, never timing.
        .testTarget(name: "BenchSmokeTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
