import ArgumentParser
import Foundation
import PlaceIO

/// `placeplan`: school place planning forecasts for an English local authority.
@main
struct PlacePlan: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "placeplan",
        abstract: "Forecast school place demand by planning area and year group.",
        version: version,
        subcommands: [
            ForecastCommand.self, ShowCommand.self, BacktestCommand.self, ExplainCommand.self, ScenarioCommand.self,
            CompareCommand.self, MonitorCommand.self, RerunCommand.self, ValidateCommand.self, ServeCommand.self,
            UsersCommand.self,
        ]
    )

    /// Runs the command line; a mistyped command gets "did you mean", as a mistyped option does.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first) {
            let message =
                "Error: unknown command '\(first)'.\(Suggestions.didYouMean(first, among: commands)) "
                + "Commands: \(commands.dropLast().joined(separator: ", ")) (placeplan --help)\n"
            FileHandle.standardError.write(Data(message.utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }
}
