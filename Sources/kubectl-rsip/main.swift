print("kubectl-rsip")
