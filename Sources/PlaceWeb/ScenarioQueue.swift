import Dispatch
import Foundation
import Hummingbird

/// The bounded queue every scenario run and upload goes through: at most `workers` run at once (one per core), at
/// most `capacity` more wait their turn in arrival order, and a request beyond that gets 503 with Retry-After
/// instead of piling up. The work runs on Dispatch's global queue, off Swift concurrency's cooperative threads, so
/// page reads are answered while scenarios run.
public actor ScenarioQueue {
    public let workers: Int
    public let capacity: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), capacity: Int = 512) {
        self.workers = workers
        self.capacity = capacity
    }

    /// Runs `work` when a worker is free; 503 when `capacity` requests are already waiting.
    public nonisolated func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
            }
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async throws {
        guard running >= workers else {
            running += 1
            return
        }
        guard waiting.count < capacity else {
            throw HTTPError(
                .serviceUnavailable, headers: [.retryAfter: "5"],
                message: "\(waiting.count) scenario runs are already waiting: try again in a few seconds")
        }
        // The worker that finishes hands its slot over, so `running` stays as it is.
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
