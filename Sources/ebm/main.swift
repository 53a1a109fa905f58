import EBMCommand

EBMTool.main()
