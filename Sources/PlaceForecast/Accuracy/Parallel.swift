import Dispatch
import Foundation

/// Write-once slots filled from concurrent iterations (``Parallel/map(_:_:)``), each index by exactly one
/// iteration; read back in index order so parallel work keeps a deterministic order.
final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value?] { lock.withLock { storage } }
}

/// The one place that runs independent jobs side by side: every rolling-origin backtest, interval check, scenario
/// and the two documents of a run go through ``map(_:_:)``. Each job fills its own slot and the results are read
/// back in job order, so a run gives the same bytes however many cores it has. `PLACEPLAN_SERIAL=1` in the
/// environment runs the jobs one after another on the calling thread: the tests compare the two.
public enum Parallel {
    /// True when `PLACEPLAN_SERIAL=1` is set: jobs run one after another.
    public static let isSerial = ProcessInfo.processInfo.environment["PLACEPLAN_SERIAL"] == "1"

    /// `body(0) … body(count − 1)`, concurrently on every core (serially with `PLACEPLAN_SERIAL=1`), in index order.
    public static func map<Value>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        if isSerial || count < 2 { return (0..<count).map(body) }
        let slots = ResultSlots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
        return slots.values.map { $0! }
    }
}
