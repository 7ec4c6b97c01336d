#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Secrets as files in a directory, one per secret, the way Kubernetes mounts a Secret volume
/// (`/var/run/secrets/warden/GITHUB_TOKEN`).
///
/// Each lookup reads the file afresh, so a rotated secret is picked up without a restart. One trailing
/// newline (`\n` or `\r\n`) is removed, since editors and `echo` add one. A name that could leave the
/// directory (containing `/`, `\`, `..` or NUL, or starting with `.`) is refused, and so is anything that
/// is not a regular file of at most `maxBytes` bytes of UTF-8; an empty file counts as absent.
public struct DirectorySecrets: SecretsProvider {
    /// The directory holding the files.
    public let directory: String
    /// Files larger than this are ignored.
    public let maxBytes: Int

    /// Reads secrets from the files in `directory`, ignoring files larger than `maxBytes`.
    public init(directory: String, maxBytes: Int = 64 * 1024) {
        self.directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.maxBytes = max(0, maxBytes)
    }

    /// Whether `name` can be looked up as a file name without leaving the directory.
    public static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && !name.hasPrefix(".") && !name.contains("..")
            && !name.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 })
    }

    /// The content of the file `directory/name`, less one trailing newline.
    public func secret(named name: String) -> Secret? {
        guard Self.isSafeName(name), let bytes = contents(of: directory + "/" + name) else { return nil }
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "\n") {
            end -= 1
            if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        }
        guard end > 0, let text = String(validating: bytes[..<end], as: UTF8.self) else { return nil }
        return Secret(text)
    }

    /// The file's bytes, or `nil` when it cannot be read, is not a regular file, or exceeds `maxBytes`.
    private func contents(of path: String) -> [UInt8]? {
        // Non-blocking, so a FIFO planted in the directory cannot hang the caller.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG),
              Int(info.st_size) <= maxBytes else { return nil }
        // Read one byte beyond the limit, in case the file grew after fstat.
        var buffer = [UInt8](repeating: 0, count: maxBytes + 1)
        var total = 0
        while total < buffer.count {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return read(fd, base + total, raw.count - total)
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            total += n
        }
        guard total <= maxBytes else { return nil }
        buffer.removeSubrange(total...)
        return buffer
    }
}
