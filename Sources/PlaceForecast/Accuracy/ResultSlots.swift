import Dispatch
import Foundation

/// Write-once slots filled from concurrent iterations (`DispatchQueue.concurrentPerform`), each index by exactly
/// one iteration; read back in index order so parallel work keeps a deterministic order.
public final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    public var values: [Value?] { lock.withLock { storage } }
}
