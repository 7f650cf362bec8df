import Glibc

/// Runs `body` with the given variables set (nil unsets one), then restores
/// their previous values so later tests see the environment they started with.
func withEnvironment<T>(_ changes: [String: String?], _ body: () throws -> T) rethrows -> T {
    let saved = changes.keys.map { name in (name, getenv(name).map { String(cString: $0) }) }
    for (name, value) in changes {
        setEnvironment(name, value)
    }
    defer {
        for (name, value) in saved {
            setEnvironment(name, value)
        }
    }
    return try body()
}

/// Reads a variable the code under test may have unset.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

private func setEnvironment(_ name: String, _ value: String?) {
    if let value {
        setenv(name, value, 1)
    } else {
        unsetenv(name)
    }
}
