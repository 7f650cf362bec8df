import Foundation

/// Finds the package's built executables: they sit next to the test bundle
/// that SwiftPM is running (the `swift build --show-bin-path` directory).
public enum Binaries {
    public static let directory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // On Linux the test runner is `<bin>/chatdPackageTests.xctest`, a plain file.
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("chatd").path),
              url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    public static func path(_ name: String) -> String {
        directory + "/" + name
    }
}

/// Set by `make test-asan` and `make test-tsan`: the binaries run under a
/// sanitizer, whose shadow memory and quarantine make RSS meaningless.
public enum Sanitizer {
    public static let isActive = ProcessInfo.processInfo.environment["CHATD_SANITIZER"] != nil
}
