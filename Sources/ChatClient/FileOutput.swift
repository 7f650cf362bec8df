import Glibc

/// Unbuffered writes to a file descriptor, retried until complete, so
/// output is on screen (or in the pipe) before the next poll.
struct FileOutput {
    let fd: Int32

    /// Returns false when the reader is gone (EPIPE and the like).
    @discardableResult
    func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            offset += written
        }
        bytes.removeAll()
        return true
    }
}
