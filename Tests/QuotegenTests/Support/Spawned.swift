import Foundation
import Synchronization

/// A child process started with `posix_spawn`, with what the tests use of Foundation's `Process`.
///
/// Why not `Process`: on Linux its `run()` lists `/proc/self/fd` with a struct copy of each `dirent` that reads
/// past the end of glibc's buffer, and now and then that crashes the whole test runner with SIGSEGV
/// (swift-corelibs-foundation PR #5472; the 6.3.1 toolchain predates the fix). `posix_spawn` closes the
/// inherited descriptors itself (`addclosefrom_np`), so nothing here reads that directory.
final class Spawned: Sendable {
    let processIdentifier: pid_t
    /// The raw `waitpid` status once the child is reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and exactly `environment`, in a process group of its own (as
    /// `Process` does); its standard output and error go to the file at `output` (appended), or are inherited.
    init(_ executable: String, _ arguments: [String], environment: [String: String], output: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let output {
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        guard Self.addCloseFrom(&actions, 3) == 0 else { throw TestFailure("posix_spawn_file_actions_addclosefrom_np failed") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(result)))") }
        processIdentifier = pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not show
    /// (its header declares it only for `_GNU_SOURCE`): the child closes every descriptor from 3 up, as
    /// `Process` would, so it holds none of the test runner's files, sockets or locks.
    private static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("this glibc has no posix_spawn_file_actions_addclosefrom_np (2.34 or later is needed)")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Whether the child still runs; reaps it when it has ended.
    var isRunning: Bool {
        reaped.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier else { return true }
            status = raw
            return false
        }
    }

    /// The exit code, or the number of the signal that ended it (as `Process.terminationStatus`). Only once ended.
    var terminationStatus: Int32 {
        let raw = reaped.withLock { $0 } ?? 0
        return raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
    }

    func terminate() { kill(processIdentifier, SIGTERM) }

    /// Blocks until the child ends (for short-lived tools only: it holds one of the few threads every async test
    /// shares, so a slow child would stall tests that have nothing to do with it).
    func waitUntilExit() {
        while isRunning { usleep(1_000) }
    }

    /// Waits for the child to end without holding a thread.
    func exited() async throws {
        while isRunning { try await Task.sleep(for: .milliseconds(10)) }
    }

    /// Runs `executable` to its end with this process's environment and returns its exit status.
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let child = try Spawned(executable, arguments, environment: ProcessInfo.processInfo.environment)
        child.waitUntilExit()
        return child.terminationStatus
    }
}
