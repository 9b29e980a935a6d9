print("natsh")
