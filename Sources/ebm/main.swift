import EBMCommand
import Foundation

exit(EBMCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
