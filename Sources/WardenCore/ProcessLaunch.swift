import Foundation
import Synchronization

extension Process {
    /// Starts the process like `run()`, with no signal blocked in the child, so that `terminate()` (SIGTERM) and
    /// SIGINT reach it.
    ///
    /// On Linux, Foundation's `Process` gives the child the signal mask of the thread that calls `run()`
    /// (swift-corelibs-foundation#4772), and the threads Swift tasks run on (Dispatch's workers) block nearly every
    /// signal: a child started from a task ignores `terminate()` and lives until SIGKILL or, for an upstream MCP
    /// server, until it happens to notice that its input closed. So the child is started from a thread of its own with
    /// an empty mask. That thread lives only for the call, and blocking the caller meanwhile is what `run()` does anyway.
    ///
    /// Ignored signals stay ignored in the child, as with any exec: a ServiceGroup with graceful-shutdown signals (the
    /// server's) sets SIGTERM to ignored in this process, so a child that installs no handler of its own still ignores
    /// it. Resetting that needs posix_spawn's `POSIX_SPAWN_SETSIGDEF`, which `Process` does not offer.
    /// - Throws: what `run()` throws (the executable is missing or cannot be run).
    public func runWithDefaultSignalMask() throws {
        #if os(Linux)
        // Process is not Sendable; the caller waits until the thread is done with it.
        struct Handoff: @unchecked Sendable { let process: Process }
        let handoff = Handoff(process: self)
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            do { try handoff.process.run() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        thread.start()
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        #else
        try run()
        #endif
    }
}
