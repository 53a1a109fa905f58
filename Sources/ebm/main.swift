import EBMCommand
import Foundation

exit(EBMTool.run(arguments: Array(CommandLine.arguments.dropFirst())))
