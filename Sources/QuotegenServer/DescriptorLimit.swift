import Foundation

/// The process's limit on open files, which every connection, database connection and file counts against.
public enum DescriptorLimit {
    /// Descriptors kept for what is not a client connection: the listening socket, SQLite's connections and
    /// their -wal/-shm files, the seed file, logs.
    static let reserved = 256

    /// Raises the soft limit to the hard one (as servers do) and returns the soft limit then in force.
    static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)  // RLIM_INFINITY is the largest value: no limit
    }
}
