import EBMCommand
