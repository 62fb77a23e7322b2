import Dispatch
import Foundation

/// The wall time of a command's stages, printed to standard error as `timing: <stage> <seconds> s` when the
/// environment sets `PLACEPLAN_TIMINGS=1` (the benchmarks and the scaling table split runs with it); silent
/// otherwise. Each ``lap(_:)`` reports the time since the previous one (or since the timer was made).
public struct StageTimer {
    /// True when `PLACEPLAN_TIMINGS=1` is set.
    public static let isOn = ProcessInfo.processInfo.environment["PLACEPLAN_TIMINGS"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds

    public init() {}

    /// Prints the seconds since the last lap under `stage` (when timings are on) and starts the next lap.
    public mutating func lap(_ stage: String) {
        guard Self.isOn else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let seconds = Double(now - last) / 1e9
        FileHandle.standardError.write(Data("timing: \(stage) \(String(format: "%.3f", seconds)) s\n".utf8))
        last = now
    }
}
