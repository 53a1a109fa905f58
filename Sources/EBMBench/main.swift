print("ebm-bench")
