import Glibc

/// A system call in test setup failed; names the call and the errno text.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ call: String, errno code: CInt = errno) {
        description = "\(call) failed: \(String(cString: strerror(code)))"
    }
}
