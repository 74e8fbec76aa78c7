import Foundation

/// The one spelling of a path that names a file: what tells two paths apart or the same (a seed file's key, a
/// backup destination against the database).
public enum ResolvedPath {
    /// `path` with every symlink resolved; for a file that does not exist yet, its folder resolved and its name kept.
    public static func of(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard let real = realpath(folder, nil) else { return url.standardizedFileURL.path }
        defer { free(real) }
        return URL(fileURLWithPath: String(cString: real)).appending(path: url.lastPathComponent).path
    }
}
